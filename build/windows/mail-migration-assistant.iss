; Inno Setup 6.3+ script (x64compatible): a per-machine install of the one-folder build for lab PCs and
; managed Windows PCs (Intune, Configuration Manager). Not run on the Linux development
; machine (Inno Setup is Windows-only); .github/workflows/dist.yml compiles it on
; windows-latest and installs, runs and uninstalls it silently there.
;
;   iscc /DAppVersion=0.1.0 build\windows\mail-migration-assistant.iss
;     (without /DAppVersion the version is read from the built exe's version resource,
;      which installer.spec generates from assistant.__version__)
;   -> dist\mail-migration-assistant-<version>-setup.exe
;
; Silent install and uninstall (see docs/deploy.md):
;   mail-migration-assistant-<version>-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /LOG="%TEMP%\mma-install.log"
;   "%ProgramFiles%\Mail Migration Assistant\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
;
; What it writes: the program folder under Program Files; Start-menu shortcuts for all
; users; the uninstall entry; %ProgramData%\MailMigrationAssistant\README.txt (where the
; organisation's policy file goes). What uninstall removes: exactly those. What it never
; touches: users' mail backups (they live where each user chose, never in the program
; folder), users' settings and logs under their profiles, and an organization.toml that IT
; placed in %ProgramData%\MailMigrationAssistant (that folder is removed only when empty).

#define AppName "Mail Migration Assistant"
#define ExeName "mail-migration-assistant.exe"
#define CliName "mail-migration-assistant-cli.exe"
#define BuildDir AddBackslash(SourcePath) + "..\..\dist\mail-migration-assistant"
#ifndef AppVersion
  #define AppVersion GetVersionNumbersString(BuildDir + "\" + ExeName)
#endif

[Setup]
; Never change AppId: it is how an update finds the installed copy and its uninstaller.
AppId={{6C1F3E0A-5B7D-4E8A-9C2B-3D4F5A6B7C8D}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersion}
; Per machine: Program Files, all users' Start menu, HKLM uninstall entry.
PrivilegesRequired=admin
DefaultDirName={autopf}\{#AppName}
DisableDirPage=auto
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; The build is 64-bit (x64 Python and Qt); Qt 6 needs Windows 10 1809 or later.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763
SetupIconFile=..\..\resources\icons\mail-migration-assistant.ico
UninstallDisplayIcon={app}\{#ExeName}
UninstallDisplayName={#AppName}
OutputDir=..\..\dist
OutputBaseFilename=mail-migration-assistant-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; An update while the assistant runs: close it (Restart Manager), never reboot.
CloseApplications=yes
RestartApplications=no
RestartIfNeededByRun=no
ShowLanguageDialog=auto
LanguageDetectionMethod=uilanguage

[Languages]
Name: "japanese"; MessagesFile: "compiler:Languages\Japanese.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole one-folder build. ignoreversion: every file is replaced by the new build's.
Source: "{#BuildDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
; Where IT puts the organisation's policy file (README only; the policy itself is IT's).
Source: "policy-folder-README.txt"; DestDir: "{commonappdata}\MailMigrationAssistant"; DestName: "README.txt"; Flags: ignoreversion

[Dirs]
; Removed at uninstall only when empty: an organization.toml placed there by IT stays.
Name: "{commonappdata}\MailMigrationAssistant"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#ExeName}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#ExeName}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
; Offered at the end of an interactive install only (skipifsilent): a silent install by
; Intune or Configuration Manager runs as SYSTEM and must not start a GUI.
Filename: "{app}\{#ExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Python writes no cache files into a frozen build, so {app} holds only what was
; installed; nothing outside {app} is deleted here.
Type: dirifempty; Name: "{app}"
