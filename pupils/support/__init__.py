"""SEN support (Code of Practice chapter 6): assess, plan, do, review cycles and meetings with parents."""
