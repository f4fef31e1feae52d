// Replaced by the lobby service.
return 0;
