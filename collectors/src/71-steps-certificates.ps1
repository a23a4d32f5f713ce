# --- Certificate stores, listeners, private key ACLs ---------------------------------------

$script:CertStoreScript = {
    param([string[]]$Stores, [string[]]$Bound)
    Import-Module Microsoft.PowerShell.Security -ErrorAction SilentlyContinue

    function Get-KeyApiSupport {
        # RSACertificateExtensions came with .NET Framework 4.6, ECDsaCertificateExtensions with
        # 4.6.1: Server 2012 R2 with .NET 4.5 has neither, so test for the types before use.
        return @{
            Rsa   = ($null -ne ('System.Security.Cryptography.X509Certificates.RSACertificateExtensions' -as [type]))
            Ecdsa = ($null -ne ('System.Security.Cryptography.X509Certificates.ECDsaCertificateExtensions' -as [type]))
        }
    }

    function Get-CertKeyState {
        # Opens the private key read-only to read its provider and container (never exports it).
        param($Certificate, [string]$ProgramData)
        $st = [ordered]@{ Provider = $null; ProviderType = $null; Container = $null; UniqueName = $null; KeyFile = $null; KeyFileExists = $null; Accessible = $null; AccessError = $null; Exportable = $null; TestMethod = $null; KeySpec = $null }
        $api = Get-KeyApiSupport
        $k = $null
        $ownsKey = $true
        try {
            if ($api.Rsa) {
                $st.TestMethod = 'RSACertificateExtensions.GetRSAPrivateKey'
                $k = [System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::GetRSAPrivateKey($Certificate)
            }
            if ($null -eq $k -and $api.Ecdsa) {
                $st.TestMethod = 'ECDsaCertificateExtensions.GetECDsaPrivateKey'
                $k = [System.Security.Cryptography.X509Certificates.ECDsaCertificateExtensions]::GetECDsaPrivateKey($Certificate)
            }
            if ($null -eq $k -and -not ($api.Rsa -and $api.Ecdsa)) {
                # .NET 4.5: X509Certificate2.PrivateKey opens CAPI (CSP) keys only.
                $st.TestMethod = 'X509Certificate2.PrivateKey (.NET Framework before 4.6.1)'
                $ownsKey = $false
                try {
                    $k = $Certificate.PrivateKey
                }
                catch {
                    $st.AccessError = ('unknown: this .NET Framework cannot open this key (a CNG key needs .NET 4.6 or later): {0}' -f $_.Exception.Message.Trim())
                    return $st
                }
                if ($null -eq $k) {
                    $st.AccessError = 'unknown: this .NET Framework cannot open this key type (a CNG or ECDSA key needs .NET 4.6.1 or later)'
                    return $st
                }
            }
            if ($null -eq $k) {
                throw 'no RSA or ECDSA private key could be opened'
            }
            if ($k.PSObject.Properties.Name -contains 'CspKeyContainerInfo') {
                $info = $k.CspKeyContainerInfo
                $st.Provider = $info.ProviderName
                $st.ProviderType = $info.ProviderType
                $st.Container = $info.KeyContainerName
                $st.UniqueName = $info.UniqueKeyContainerName
                $st.Exportable = $info.Exportable
                # KeyNumber 1 = AT_KEYEXCHANGE, 2 = AT_SIGNATURE: Schannel needs a CAPI server key as AT_KEYEXCHANGE.
                $st.KeySpec = [int]$info.KeyNumber
                $st.KeyFile = Join-Path $ProgramData ('Microsoft\Crypto\RSA\MachineKeys\' + $st.UniqueName)
            }
            elseif ($k.PSObject.Properties.Name -contains 'Key') {
                $st.Provider = $k.Key.Provider.Provider
                $st.ProviderType = 0
                $st.Container = $k.Key.KeyName
                $st.UniqueName = $k.Key.UniqueName
                $st.Exportable = (($k.Key.ExportPolicy.value__ -band 1) -ne 0)
                $st.KeyFile = Join-Path $ProgramData ('Microsoft\Crypto\Keys\' + $st.UniqueName)
                if (-not (Test-Path -LiteralPath $st.KeyFile)) {
                    $alt = Join-Path $ProgramData ('Microsoft\Crypto\RSA\MachineKeys\' + $st.UniqueName)
                    if (Test-Path -LiteralPath $alt) {
                        $st.KeyFile = $alt
                    }
                }
            }
            $st.Accessible = $true
        }
        catch {
            $st.Accessible = $false
            $ex = $_.Exception
            if ($ex.InnerException) {
                $ex = $ex.InnerException
            }
            $st.AccessError = ('{0} (0x{1:X8})' -f $ex.Message.Trim(), $ex.HResult)
        }
        finally {
            if ($null -ne $k -and $ownsKey) {
                $k.Dispose()
            }
        }
        if ($st.KeyFile) {
            $st.KeyFileExists = [bool](Test-Path -LiteralPath $st.KeyFile)
        }
        return $st
    }
    # Metadata of the LocalMachine certificate stores. Private keys are only opened to read their
    # provider and container names (never exported). Shape: docs/bundle-format.md, cert.store.
    $certs = New-Object System.Collections.ArrayList
    $errs = New-Object System.Collections.ArrayList
    $progData = $env:ProgramData
    foreach ($store in $Stores) {
        $path = 'Cert:\LocalMachine\' + $store
        if (-not (Test-Path -LiteralPath $path)) {
            [void]$errs.Add([ordered]@{ Store = $store; Error = 'store not present' })
            continue
        }
        $items = @()
        try {
            $items = @(Get-ChildItem -LiteralPath $path -ErrorAction Stop)
        }
        catch {
            [void]$errs.Add([ordered]@{ Store = $store; Error = $_.Exception.Message })
            continue
        }
        foreach ($c in $items) {
            if (-not ($c -is [System.Security.Cryptography.X509Certificates.X509Certificate2])) {
                continue
            }
            $eku = New-Object System.Collections.ArrayList
            $hasEku = $false
            $dns = New-Object System.Collections.ArrayList
            foreach ($ext in $c.Extensions) {
                if ($ext.Oid.Value -eq '2.5.29.37') {
                    $hasEku = $true
                }
                if ($ext -is [System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension]) {
                    foreach ($o in $ext.EnhancedKeyUsages) {
                        [void]$eku.Add([ordered]@{ FriendlyName = $o.FriendlyName; ObjectId = $o.Value })
                    }
                }
            }
            if ($c.PSObject.Properties.Name -contains 'DnsNameList') {
                foreach ($d in @($c.DnsNameList)) {
                    if ($null -ne $d) {
                        [void]$dns.Add([string]$d.Punycode)
                    }
                }
            }
            else {
                foreach ($ext in $c.Extensions) {
                    if ($ext.Oid.Value -eq '2.5.29.17') {
                        foreach ($m in [regex]::Matches($ext.Format($false), 'DNS[^=,]*=([^,\s]+)')) {
                            [void]$dns.Add($m.Groups[1].Value)
                        }
                    }
                }
            }
            $keyAlg = $c.PublicKey.Oid.FriendlyName
            $keySize = $null
            try {
                $rsa = [System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::GetRSAPublicKey($c)
                if ($null -ne $rsa) {
                    $keySize = $rsa.KeySize
                }
                else {
                    $ec = [System.Security.Cryptography.X509Certificates.ECDsaCertificateExtensions]::GetECDsaPublicKey($c)
                    if ($null -ne $ec) {
                        $keySize = $ec.KeySize
                    }
                }
            }
            catch {
                $keySize = $null
            }
            # EC keys: the DER of the named-curve OID (06 08 2a 86 48 ce 3d 03 01 07 = NistP256) as
            # hex, from the key's algorithm parameters (RSA has 05 00, NULL: not recorded). The
            # analyzer decodes it; no API that differs across .NET versions is involved.
            $keyParams = $null
            try {
                $raw = $c.PublicKey.EncodedParameters.RawData
                if ($null -ne $raw -and $raw.Length -gt 2 -and $raw[0] -eq 6) {
                    $keyParams = (@($raw) | ForEach-Object { ([int]$_).ToString('x2') }) -join ''
                }
            }
            catch {
                $keyParams = $null
            }
            $keyState = [ordered]@{ Provider = $null; ProviderType = $null; Container = $null; UniqueName = $null; KeyFile = $null; KeyFileExists = $null; Accessible = $null; AccessError = $null; Exportable = $null; TestMethod = $null; KeySpec = $null }
            $serverAuth = ($eku.Count -eq 0 -and -not $hasEku) -or (@($eku | Where-Object { $_.ObjectId -eq '1.3.6.1.5.5.7.3.1' }).Count -gt 0)
            $isBound = ($Bound -contains $c.Thumbprint.ToUpperInvariant())
            if ($c.HasPrivateKey -and -not ($isBound -or $serverAuth)) {
                # Opening a key can prompt for an HSM / smart-card PIN and writes audit events:
                # only the keys a binding uses, or could use, are opened.
                $keyState.TestMethod = 'not tested: neither bound nor valid for Server Authentication'
            }
            elseif ($c.HasPrivateKey) {
                $keyState = Get-CertKeyState -Certificate $c -ProgramData $progData
            }
            [void]$certs.Add([ordered]@{
                    Store              = $store
                    StoreLocation      = 'LocalMachine'
                    Thumbprint         = $c.Thumbprint
                    Subject            = $c.Subject
                    Issuer             = $c.Issuer
                    SerialNumber       = $c.SerialNumber
                    FriendlyName       = $c.FriendlyName
                    NotBefore          = $c.NotBefore.ToUniversalTime().ToString('o')
                    NotAfter           = $c.NotAfter.ToUniversalTime().ToString('o')
                    HasPrivateKey      = $c.HasPrivateKey
                    Archived           = $c.Archived
                    SignatureAlgorithm = [ordered]@{ FriendlyName = $c.SignatureAlgorithm.FriendlyName; Value = $c.SignatureAlgorithm.Value }
                    HasEkuExtension    = $hasEku
                    EnhancedKeyUsageList = @($eku)
                    DnsNameList        = @($dns)
                    KeyAlgorithm       = $keyAlg
                    KeySize            = $keySize
                    KeyParameters      = $keyParams
                    KeyProvider        = $keyState.Provider
                    KeyProviderType    = $keyState.ProviderType
                    KeyContainer       = $keyState.Container
                    KeyUniqueName      = $keyState.UniqueName
                    KeyFilePath        = $keyState.KeyFile
                    KeyFileExists      = $keyState.KeyFileExists
                    KeyAccessible      = $keyState.Accessible
                    KeyAccessError     = $keyState.AccessError
                    KeyExportable      = $keyState.Exportable
                    KeyTestMethod      = $keyState.TestMethod
                    KeySpec            = $keyState.KeySpec
                    RawDataBase64      = [System.Convert]::ToBase64String($c.RawData)
                })
        }
    }
    [pscustomobject]@{ Certificates = @($certs); Errors = @($errs) }
}

function Get-CollectedStoreNames {
    # The server and chain stores, the trust stores client authentication and chain building read
    # (AuthRoot: trusted roots Windows fetched; Disallowed: explicitly distrusted; ClientAuthIssuer:
    # the CAs sent to clients when ClientAuthTrustMode is 2), and each store a binding names
    # (a name that is not a plain store name is left out: it only selects a Cert:\ path).
    $names = New-Object System.Collections.ArrayList
    foreach ($n in @('My', 'WebHosting', 'CA', 'Root', 'AuthRoot', 'Disallowed', 'ClientAuthIssuer') + @($script:BindingStores)) {
        if (-not ($n -match '^[A-Za-z0-9 _.-]{1,64}$')) {
            continue
        }
        $known = @($names | Where-Object { $_ -eq $n })
        if ($known.Count -eq 0) {
            [void]$names.Add($n)
        }
    }
    return [string[]]@($names)
}

function Test-ServerStore {
    # Stores holding server certificates (their names are the customer's): My, WebHosting, and
    # any other store a binding names.
    param([string]$Store)
    if ($Store -eq 'My' -or $Store -eq 'WebHosting') {
        return $true
    }
    return (@($script:BindingStores | Where-Object { $_ -eq $Store -and @('CA', 'Root', 'AuthRoot', 'Disallowed', 'ClientAuthIssuer') -notcontains $_ }).Count -gt 0)
}

function Save-CertificateStores {
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $storeNames = Get-CollectedStoreNames
    $r = Invoke-WithTimeout -ScriptBlock $script:CertStoreScript -ArgumentList @($storeNames, [string[]]@($script:BoundThumbprints))
    if ($r.Output.Count -eq 0) {
        throw ('no output: ' + ($r.Errors -join '; '))
    }
    $result = $r.Output[0]
    $certs = @($result.Certificates)
    $files = New-Object System.Collections.ArrayList
    $published = New-Object System.Collections.ArrayList
    foreach ($c in $certs) {
        if (Test-ServerStore -Store $c.Store) {
            foreach ($d in $c.DnsNameList) {
                [void]$script:SensitiveNames.Add($d)
            }
            if ($c.Subject -match 'CN=([^,]+)') {
                [void]$script:SensitiveNames.Add($Matches[1].Trim())
            }
        }
        if ($c.KeyFilePath) {
            $script:CertKeyFiles[$c.Thumbprint.ToUpperInvariant()] = $c.KeyFilePath
        }
        if (-not $Redact) {
            $rel = ('certificates/{0}/{1}.cer' -f $c.Store, $c.Thumbprint.ToUpperInvariant())
            [void](Write-OutputBytes -RelativePath $rel -Bytes ([System.Convert]::FromBase64String($c.RawDataBase64)))
            [void]$files.Add($rel)
        }
        $copy = [ordered]@{}
        foreach ($k in $c.Keys) {
            if ($k -ne 'RawDataBase64') {
                $copy[$k] = $c[$k]
            }
        }
        [void]$published.Add($copy)
    }
    $doc = [ordered]@{ formatVersion = 1; certificates = @($published); errors = @($result.Errors); stores = @($storeNames) }
    [void](Write-OutputText -RelativePath 'certificates/store.json' -Text (ConvertTo-Json -InputObject $doc -Depth 6))
    $reasons = New-Object System.Collections.ArrayList
    if ($r.Errors.Count -gt 0) {
        [void]$reasons.Add(($r.Errors -join '; '))
    }
    if (-not $script:IsElevated) {
        [void]$reasons.Add('key tests ran without elevation: a key reported inaccessible may only be inaccessible to this user (run as administrator to test what IIS can use)')
    }
    [void]$reasons.Add('private keys opened only for bound certificates and those valid for Server Authentication')
    $reason = ($reasons -join '; ')
    [void](Add-Entry -Id 'cert.store' -Status 'collected' -Source ('Get-ChildItem Cert:\LocalMachine\' + ($storeNames -join ', ') + ' (metadata; keys opened read-only for provider and container names)') -DurationMs $sw.ElapsedMilliseconds -Encoding 'utf-8' -Reason $reason)
    if ($Redact) {
        [void](Add-Entry -Id 'cert.files' -Status 'skipped' -Source 'X509Certificate2.RawData' -Reason 'left out under -Redact: certificate files contain host names and cannot be redacted without invalidating them')
    }
    else {
        [void](Add-Entry -Id 'cert.files' -Status 'collected' -Source ('X509Certificate2.RawData of Cert:\LocalMachine\' + ($storeNames -join ', ') + ' (public DER only)') -DurationMs $sw.ElapsedMilliseconds -Files @($files))
    }
}

$script:ListenerScript = {
    # Shape: docs/bundle-format.md, net.tcp-listeners.
    $listeners = New-Object System.Collections.ArrayList
    foreach ($c in @(Get-NetTCPConnection -State Listen -ErrorAction Stop)) {
        $created = $null
        if ($null -ne $c.CreationTime) {
            $created = ([datetime]$c.CreationTime).ToUniversalTime().ToString('o')
        }
        [void]$listeners.Add([ordered]@{
                LocalAddress  = [string]$c.LocalAddress
                LocalPort     = [int]$c.LocalPort
                State         = [string]$c.State
                OwningProcess = [int]$c.OwningProcess
                CreationTime  = $created
            })
    }
    $udp = New-Object System.Collections.ArrayList
    foreach ($u in @(Get-NetUDPEndpoint -ErrorAction SilentlyContinue)) {
        [void]$udp.Add([ordered]@{ LocalAddress = [string]$u.LocalAddress; LocalPort = [int]$u.LocalPort; OwningProcess = [int]$u.OwningProcess })
    }
    $pids = @(@($listeners | ForEach-Object { $_.OwningProcess }) + @($udp | ForEach-Object { $_.OwningProcess }) | Sort-Object -Unique)
    $processes = New-Object System.Collections.ArrayList
    foreach ($p in @(Get-Process -ErrorAction SilentlyContinue)) {
        if ($pids -contains [int]$p.Id) {
            $path = $null
            try {
                $path = $p.Path
            }
            catch {
                $path = $null
            }
            [void]$processes.Add([ordered]@{ Id = [int]$p.Id; ProcessName = $p.ProcessName; Path = $path; SessionId = [int]$p.SessionId })
        }
    }
    $services = New-Object System.Collections.ArrayList
    try {
        foreach ($s in @(Get-CimInstance -ClassName Win32_Service -Filter 'ProcessId <> 0' -ErrorAction Stop)) {
            if ($pids -contains [int]$s.ProcessId) {
                [void]$services.Add([ordered]@{ Name = $s.Name; DisplayName = $s.DisplayName; ProcessId = [int]$s.ProcessId; State = [string]$s.State })
            }
        }
    }
    catch {
        Write-Verbose ('Win32_Service: ' + $_.Exception.Message)
    }
    [pscustomobject]@{ Listeners = @($listeners); Udp = @($udp); Processes = @($processes); Services = @($services) }
}

function Save-TcpListeners {
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    if (-not (Get-Command -Name 'Get-NetTCPConnection' -ErrorAction SilentlyContinue)) {
        [void](Add-Entry -Id 'net.tcp-listeners' -Status 'skipped' -Source 'Get-NetTCPConnection -State Listen' -Reason 'Get-NetTCPConnection is not available on this system (NetTCPIP module)')
        return
    }
    $r = Invoke-WithTimeout -ScriptBlock $script:ListenerScript
    if ($r.Output.Count -eq 0) {
        throw ('no output: ' + ($r.Errors -join '; '))
    }
    $o = $r.Output[0]
    $doc = [ordered]@{
        formatVersion = 1
        listeners     = @($o.Listeners)
        udpEndpoints  = @($o.Udp)
        processes     = @($o.Processes)
        services      = @($o.Services)
    }
    [void](Write-OutputText -RelativePath 'network/tcp-listeners.json' -Text (ConvertTo-Json -InputObject $doc -Depth 5))
    $reason = $null
    if ($r.Errors.Count -gt 0) {
        $reason = ($r.Errors -join '; ')
    }
    [void](Add-Entry -Id 'net.tcp-listeners' -Status 'collected' -Source 'Get-NetTCPConnection -State Listen; Get-NetUDPEndpoint; Get-Process; Get-CimInstance Win32_Service | ConvertTo-Json' -DurationMs $sw.ElapsedMilliseconds -Encoding 'utf-8' -Reason $reason)
}

function Save-KeyAcls {
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $targets = New-Object System.Collections.ArrayList
    [void]$targets.Add((Join-Path $env:ProgramData 'Microsoft\Crypto\RSA\MachineKeys'))
    [void]$targets.Add((Join-Path $env:ProgramData 'Microsoft\Crypto\Keys'))
    $notes = New-Object System.Collections.ArrayList
    foreach ($t in $script:BoundThumbprints) {
        if ($script:CertKeyFiles.ContainsKey($t)) {
            [void]$targets.Add($script:CertKeyFiles[$t])
        }
        else {
            [void]$notes.Add(("no key file known for bound certificate {0}" -f $t))
        }
    }
    $sb = New-Object System.Text.StringBuilder
    $stderr = New-Object System.Collections.ArrayList
    $ok = 0
    foreach ($t in $targets) {
        $exists = $false
        try {
            $exists = Test-Path -LiteralPath $t
        }
        catch {
            [void]$notes.Add(("cannot check {0}: {1}" -f $t, $_.Exception.Message))
            continue
        }
        if (-not $exists) {
            [void]$notes.Add(("not found: {0}" -f $t))
            continue
        }
        $r = Invoke-Tool -Tool 'icacls' -Arguments @($t) -TimeoutSeconds 60
        $text = (ConvertFrom-ToolBytes -Bytes $r.Stdout -CodePage $script:ToolCodePage).Text
        $err = (ConvertFrom-ToolBytes -Bytes $r.Stderr -CodePage $script:ToolCodePage).Text
        if ($text) {
            [void]$sb.Append($text.TrimEnd())
            [void]$sb.Append("`r`n`r`n")
            $ok++
        }
        if ($err -and $err.Trim()) {
            [void]$stderr.Add(("{0}: {1}" -f $t, $err.Trim()))
        }
    }
    $script:KeyAclTargets = @($targets)
    $source = 'icacls ' + ($targets -join ' ; icacls ')
    if ($ok -eq 0) {
        [void](Add-Entry -Id 'cert.machinekeys-acl' -Status 'failed' -Source $source -Stderr ($stderr -join "`n") -DurationMs $sw.ElapsedMilliseconds -Reason ((@($notes) + @($stderr)) -join '; '))
        return
    }
    [void](Write-OutputText -RelativePath 'certificates/icacls-machinekeys.txt' -Text $sb.ToString())
    $reason = $null
    if ($notes.Count -gt 0) {
        $reason = ($notes -join '; ')
    }
    [void](Add-Entry -Id 'cert.machinekeys-acl' -Status 'collected' -Source $source -Stderr ($stderr -join "`n") -DurationMs $sw.ElapsedMilliseconds -Encoding 'utf-8' -Reason $reason)
}

function Save-KeySddl {
    # The same ACLs as SDDL (Get-Acl): SIDs and rights codes read the same on every Windows
    # language, where icacls prints localized account names.
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $items = New-Object System.Collections.ArrayList
    $errs = New-Object System.Collections.ArrayList
    foreach ($t in @($script:KeyAclTargets)) {
        try {
            if (-not $t -or -not (Test-Path -LiteralPath $t)) {
                continue
            }
            $acl = Get-Acl -LiteralPath $t -ErrorAction Stop
            [void]$items.Add([ordered]@{ Path = [string]$t; Owner = [string]$acl.Owner; Sddl = [string]$acl.Sddl })
        }
        catch {
            [void]$errs.Add([ordered]@{ Path = [string]$t; Error = $_.Exception.Message })
        }
    }
    $source = 'Get-Acl ' + (@($script:KeyAclTargets) -join ' ; Get-Acl ')
    if ($items.Count -eq 0) {
        [void](Add-Entry -Id 'cert.machinekeys-sddl' -Status 'failed' -Source $source -DurationMs $sw.ElapsedMilliseconds -Reason ((@('no ACL could be read') + @($errs | ForEach-Object { '{0}: {1}' -f $_.Path, $_.Error })) -join '; '))
        return
    }
    $doc = [ordered]@{ formatVersion = 1; acls = @($items); errors = @($errs) }
    [void](Write-OutputText -RelativePath 'certificates/machinekeys-acl-sddl.json' -Text (ConvertTo-Json -InputObject $doc -Depth 4))
    [void](Add-Entry -Id 'cert.machinekeys-sddl' -Status 'collected' -Source $source -DurationMs $sw.ElapsedMilliseconds -Encoding 'utf-8')
}

