<#
.SYNOPSIS
    Intune remediation, detection script: does this PC's signed-in user need to act
    before basic authentication ends?

.DESCRIPTION
    Runs the Mail Migration Assistant's diagnosis and prints one status line (Intune
    shows it as the pre-remediation detection output):
        NOTHING_TO_DO | ACTION_NEEDED | INCOMPLETE  required=N basic_auth=N ...
        FAILED exit=N   the diagnosis could not run
        NO_USER         Intune ran this as SYSTEM and nobody is signed in
        NOT_INSTALLED   the assistant is not at $Program
    Exit 0 = nothing to do (or nothing to diagnose); exit 1 = action needed, incomplete
    or failed: Intune then runs the remediation script, which collects the JSON report.

    Runs as SYSTEM (Intune's default) or with the signed-in user's credentials. As
    SYSTEM it diagnoses the console user's home (--home), whose registry the assistant
    reads from HKEY_USERS\<SID>. Windows PowerShell 5.1 or later, self-contained (Intune
    uploads each script on its own).
#>

# The console companion: PowerShell waits for it and reads its output and exit code
# (mail-migration-assistant.exe is the GUI program, docs/deploy.md).
$Program = Join-Path $env:ProgramFiles 'Mail Migration Assistant\mail-migration-assistant-cli.exe'

function Get-SignedInUserHome {
    # $null: this process is the user (run with the user's credentials); '' : nobody signed in.
    if (-not [Security.Principal.WindowsIdentity]::GetCurrent().IsSystem) {
        return $null
    }
    $account = (Get-CimInstance -ClassName Win32_ComputerSystem).UserName
    if ([string]::IsNullOrEmpty($account)) {
        return ''
    }
    $sid = (New-Object Security.Principal.NTAccount($account)).Translate(
        [Security.Principal.SecurityIdentifier]).Value
    $profileKey = "HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList\$sid"
    $image = (Get-ItemProperty -LiteralPath $profileKey -Name ProfileImagePath).ProfileImagePath
    return [Environment]::ExpandEnvironmentVariables($image)
}

if (-not (Test-Path -LiteralPath $Program -PathType Leaf)) {
    Write-Output 'NOT_INSTALLED'
    exit 0
}

try {
    $userHome = Get-SignedInUserHome
} catch {
    $userHome = ''
}
if ($userHome -eq '') {
    Write-Output 'NO_USER'
    exit 0
}

$arguments = @('--lang', 'en', 'report', '--format', 'jamf')
if ($userHome) {
    $arguments += @('--home', $userHome)
}
# The assistant writes UTF-8; PowerShell decodes a program's output with this encoding.
[Console]::OutputEncoding = [Text.Encoding]::UTF8
$env:PYTHONIOENCODING = 'utf-8'
$output = & $Program @arguments 2>$null
$code = $LASTEXITCODE
$line = @($output) | Where-Object { $_ -like '<result>*</result>' } | Select-Object -First 1
if ($line) {
    Write-Output ($line -replace '^<result>', '' -replace '</result>$', '')
} else {
    Write-Output "FAILED exit=$code"
}
if ($code -eq 0) {
    exit 0
}
exit 1
