<#
.SYNOPSIS
    Intune remediation, remediation script: collects this PC's JSON report.

.DESCRIPTION
    Nothing on the PC is changed. The assistant's JSON report is written, whole (a
    temporary file renamed into place, so a collector never reads half a file), to
        $Share\<COMPUTERNAME>.json   when $Share is set (the computer account, which
                                     SYSTEM uses on the network, needs "create files"
                                     there: e.g. Domain Computers), else
        the Intune Management Extension log folder, as MailMigrationAssistant-report.json
        (gathered by Intune's "Collect diagnostics").
    `mail-migration-assistant summarize <folder>` then gives the fleet picture.
    Exit 0 when the report was written (the assistant's 0, 1 and 3 all write it).
    Windows PowerShell 5.1 or later, self-contained.
#>

# The console companion: PowerShell waits for it and reads its output and exit code
# (mail-migration-assistant.exe is the GUI program, docs/deploy.md).
$Program = Join-Path $env:ProgramFiles 'Mail Migration Assistant\mail-migration-assistant-cli.exe'
$Share = ''   # e.g. '\\files.example.ac.jp\mail-migration$\reports'
$Redact = $false   # $true: user names and the part of addresses before @ are masked

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
    exit 1
}

if ($Share) {
    $target = Join-Path $Share ('{0}.json' -f $env:COMPUTERNAME)
} else {
    $logs = Join-Path $env:ProgramData 'Microsoft\IntuneManagementExtension\Logs'
    $target = Join-Path $logs 'MailMigrationAssistant-report.json'
}

try {
    $userHome = Get-SignedInUserHome
} catch {
    $userHome = ''
}
$arguments = @('--lang', 'ja', 'report', '--format', 'json', '--output', $target)
if ($userHome) {
    $arguments += @('--home', $userHome)
}
if ($Redact) {
    $arguments += '--redact'
}
[Console]::OutputEncoding = [Text.Encoding]::UTF8
$env:PYTHONIOENCODING = 'utf-8'
$errors = & $Program @arguments 2>&1 | Out-String
$code = $LASTEXITCODE
if (($code -eq 0 -or $code -eq 1 -or $code -eq 3) -and (Test-Path -LiteralPath $target -PathType Leaf)) {
    Write-Output "REPORT_WRITTEN exit=$code $target"
    exit 0
}
Write-Output ("FAILED exit=$code " + $errors.Trim())
exit 1
