"""Partner organisations: the «Организации-партнёры» list window and the editor of one organisation."""
