# Build the MentorDesk installer on Windows 10/11 x64 with one command (from the repository root):
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build_windows.ps1
# Needs: Python 3.11 x64 from python.org (with "py" launcher), Inno Setup 6.3 or newer (ISCC.exe). See packaging\README.md.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")

# "Stop" does not cover native programs in Windows PowerShell 5.1: their exit code is checked after each one.
function Invoke-Checked([string]$What, [scriptblock]$Command) {
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$What failed (exit code $LASTEXITCODE)" }
}

$Version = (Select-String -Path "app\__init__.py" -Pattern '__version__ = "([^"]+)"').Matches[0].Groups[1].Value
if (-not $Version) { throw "no __version__ in app\__init__.py" }
# Inno Setup's VersionInfoVersion takes numbers only: "1.2.3rc1" -> "1.2.3"
$NumericVersion = [regex]::Match($Version, '^\d+(\.\d+){0,3}').Value
Write-Host "MentorDesk $Version"

if (-not (Test-Path "build\venv-win\Scripts\python.exe")) {
    Invoke-Checked "py -3.11 -m venv" { py -3.11 -m venv build\venv-win }
}
$Py = "build\venv-win\Scripts\python.exe"
Invoke-Checked "pip (upgrade pip)" { & $Py -m pip install --upgrade pip }
Invoke-Checked "pip (PyInstaller)" { & $Py -m pip install "pyinstaller>=6.10" }
Invoke-Checked "pip (MentorDesk)" { & $Py -m pip install --upgrade --force-reinstall --no-deps . }
Invoke-Checked "pip (dependencies)" { & $Py -m pip install . }

if (Test-Path "dist\mentordesk") { Remove-Item -Recurse -Force "dist\mentordesk" }
Invoke-Checked "PyInstaller" {
    & "build\venv-win\Scripts\pyinstaller.exe" --noconfirm --clean --log-level WARN `
        --distpath dist --workpath build\pyinstaller packaging\mentordesk.spec
}

# The same smoke test as on Linux: demo database, PDF order, package, GUI start offscreen.
Invoke-Checked "smoke test of the bundle" { & $Py packaging\smoke_test.py dist\mentordesk }

$Iscc = @("${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe", "${env:ProgramFiles}\Inno Setup 6\ISCC.exe",
          "${env:LOCALAPPDATA}\Programs\Inno Setup 6\ISCC.exe") | Where-Object { Test-Path $_ } | Select-Object -First 1
if (-not $Iscc) { throw "Inno Setup 6 not found (ISCC.exe); install 6.3 or newer from https://jrsoftware.org/isdl.php" }
Invoke-Checked "ISCC" { & $Iscc "/DAppVersion=$Version" "/DAppNumericVersion=$NumericVersion" packaging\windows\mentordesk.iss }
Write-Host "built dist\MentorDesk-$Version-setup.exe"
