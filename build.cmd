:; set -eo pipefail
:; SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
:; exec "$SCRIPT_DIR/build.sh" "$@"

@echo off
rem Windows: builds the build program when needed and runs it with every argument.
setlocal
set ROOT=%~dp0
set DOTNET_CLI_TELEMETRY_OPTOUT=1
set DOTNET_NOLOGO=1
where dotnet >nul 2>nul || (echo build.cmd: no .NET SDK found: install the .NET SDK 10.0 or newer. 1>&2 & exit /b 1)
for /f "tokens=1 delims=." %%v in ('dotnet --version') do set SDK_MAJOR=%%v
if %SDK_MAJOR% LSS 10 (echo build.cmd: the .NET SDK 10.0 or newer is required, found %SDK_MAJOR%. 1>&2 & exit /b 1)
dotnet build "%ROOT%build\_build.csproj" -nologo -clp:NoSummary -v:quiet || (echo build.cmd: the build program does not compile. 1>&2 & exit /b 1)
dotnet "%ROOT%build\bin\Debug\net10.0\_build.dll" %*
