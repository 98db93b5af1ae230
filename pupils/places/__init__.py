"""Places in mainstream SEND hubs: placements arranged through EHC plans, and occupancy by half term."""
