using Lobby;

// Exit code 3 marks a release that was built to crash on start, so that a deployment sees TASK_FAILED.
var app = LobbyApp.Build(args, Environment.GetEnvironmentVariables());
if (app is null)
    return 3;
await app.RunAsync();
return 0;
