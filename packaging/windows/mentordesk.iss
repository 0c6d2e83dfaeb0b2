; Inno Setup 6 script of the MentorDesk installer (Windows 10/11, x64).
; Built by packaging\windows\build_windows.ps1, which passes the version:  ISCC /DAppVersion=0.1.0 mentordesk.iss
; Per-user install without administrator rights; the uninstaller removes the program, never the user's data
; (the database, backups and logs live in %LOCALAPPDATA%\MentorDesk, which this installer does not touch).

; Saved as UTF-8 with a BOM (Cyrillic below); x64compatible and BOM-less UTF-8 need Inno Setup 6.3+.
#if VER < EncodeVer(6,3,0)
  #error Inno Setup 6.3 or newer is required to compile this script
#endif
#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=X.Y.Z mentordesk.iss
#endif
; VersionInfoVersion takes up to four numbers only («1.2.3rc1» is refused); build_windows.ps1 passes them
#ifndef AppNumericVersion
  #define AppNumericVersion AppVersion
#endif
#define AppName "MentorDesk"
#define RepoRoot "..\.."

[Setup]
AppId={{6E3B0F2A-4C1D-4B8E-9D57-2F1A7C3E8B41}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=MentorDesk
VersionInfoVersion={#AppNumericVersion}
VersionInfoDescription=MentorDesk — АРМ куратора наставничества
; per-user: {autopf} becomes %LOCALAPPDATA%\Programs, shortcuts go to the user's Start menu. No install-mode
; dialog for curators; an administrator may still deploy for all users with /ALLUSERS on the command line.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
OutputDir={#RepoRoot}\dist
OutputBaseFilename=MentorDesk-{#AppVersion}-setup
SetupIconFile={#RepoRoot}\resources\icons\mentordesk.ico
UninstallDisplayIcon={app}\mentordesk.exe
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0

[Languages]
Name: "russian"; MessagesFile: "compiler:Languages\Russian.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; the whole PyInstaller one-folder build (mentordesk.exe, mentordesk-cli.exe, _internal\...)
Source: "{#RepoRoot}\dist\mentordesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\mentordesk.exe"; WorkingDir: "{userdocs}"
Name: "{group}\Руководство пользователя"; Filename: "{app}\_internal\docs\user-guide\index.html"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\mentordesk.exe"; WorkingDir: "{userdocs}"; Tasks: desktopicon

[Run]
Filename: "{app}\mentordesk.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; only what the program itself may leave in its own folder; %LOCALAPPDATA%\MentorDesk (the data) stays
Type: filesandordirs; Name: "{app}\_internal\__pycache__"
