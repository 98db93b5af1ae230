"""Half-termly hub and Locality Management Group meetings: agendas, packs, minutes, actions, board figures."""
