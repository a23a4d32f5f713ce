# Secrets the collector must not copy off the server, and where it must refuse to run (judge10 K01).
# Remove-ConfigPassword on the judge's B08 applicationHost.config (src/fixtures/judge10, README
# there) plus the judge's own extra lines; Remove-W3cQueryValue on synthetic W3C / HTTPERR lines (no
# real sample with a query string is in the repository); the platform check by running the script
# as shipped in a child pwsh that has no %SystemRoot%.
# Run: npm run test:collector  (scripts/test-collector.mjs finds pwsh and Pester 5.7.1).

BeforeAll {
    . (Join-Path $PSScriptRoot 'Setup.ps1')
    # The functions of the script, defined here without running it.
    $tokens = $null
    $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($script:CollectorPath, [ref]$tokens, [ref]$errors)
    $script:Fns = @{}
    foreach ($f in $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $true)) {
        $script:Fns[$f.Name] = $f.Extent.Text
    }
}

AfterAll {
    Remove-FakeWindowsDrive
}

Describe 'Remove-ConfigPassword (judge10 S4)' {
    BeforeAll {
        . ([scriptblock]::Create($script:Fns['Remove-ConfigPassword']))
        $config = [System.IO.File]::ReadAllText((Join-Path $script:RepoRoot 'src/fixtures/judge10/B08-secrets-in-applicationhost/iis/applicationHost.config'))
        # The lines the judge appended in K01/t.ps1, then more forms a hand-edited config may hold.
        $extra = @(
            '<add name="x" connectionString="Server=a;User ID=u;Password=Sem;i''colon;" />'
            '<add name="y" connectionString="Data Source=a;PWD = spaced secret ;" />'
            '<binding password=''single-quoted-secret'' />'
            '<add name="z" connectionString="Data Source=b;Password=''Quo;ted''''Secret6'';Encrypt=True" />'
            '<add name="o" connectionString=''Driver={SQL Server};PWD={Br;ace}Odbc8;Server=s'' />'
            '<a password="" />'
        ) -join "`r`n"
        $script:Out = Remove-ConfigPassword -Text ($config + "`r`n" + $extra)
    }

    It 'leaves no secret of the judge''s config or lines' {
        foreach ($s in @('Summer2026!Secret', 'P00l-Pa$$w0rd-XYZ', 'SECRETSESSIONKEYBLOB', '57686f6120447564652c', 'single-quoted-secret', 'Sem;i', 'colon', 'spaced secret', 'Quo;ted', 'Secret6', 'Br;ace', 'Odbc8')) {
            $script:Out.Contains($s) | Should -BeFalse -Because "$s must not leave the server"
        }
    }

    It 'keeps the attribute names, the quotes, the rest of the connection string and an empty password' {
        $script:Out | Should -Match ([regex]::Escape('userName="CONTOSO\svc_web" password="[removed by collector]" />'))
        $script:Out | Should -Match ([regex]::Escape('<binding password=''[removed by collector]'' />'))
        $script:Out | Should -Match ([regex]::Escape('Server=a;User ID=u;Password=[removed by collector];" />'))
        $script:Out | Should -Match ([regex]::Escape('Password=''[removed by collector]'';Encrypt=True" />'))
        $script:Out | Should -Match ([regex]::Escape('PWD=[removed by collector];Server=s'' />'))
        $script:Out | Should -Match ([regex]::Escape('<a password="" />'))
        $script:Out | Should -Match ([regex]::Escape('sessionKey="[removed by collector]"'))
        $script:Out | Should -Match ([regex]::Escape('bindingInformation="*:443:" sslFlags="0"'))
    }
}

Describe 'Remove-W3cQueryValue (judge10 M11)' {
    BeforeAll {
        . ([scriptblock]::Create($script:Fns['Remove-QueryParameterValue']))
        . ([scriptblock]::Create($script:Fns['Remove-W3cQueryValue']))
    }

    It 'replaces the values of cs-uri-query, of the query in cs(Referer) and cs(Cookie); keeps names, other fields and line ends' {
        # synthetic: the #Fields line of src/parsers/w3c-log.sample.synthetic-iis10-arr-502-3-12175.txt plus cs(Cookie)
        $log = @(
            '#Software: Microsoft Internet Information Services 10.0'
            '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Cookie) cs(Referer) sc-status sc-substatus sc-win32-status time-taken'
            '2026-11-30 09:00:01 10.0.0.5 GET /api/orders access_token=eyJSECRET1&page=2 443 - 203.0.113.24 Mozilla/5.0 ASP.NET_SessionId=SECRET2 https://www.contoso.com/cb?code=SECRET3&state=x 502 3 12175 46'
            '2026-11-30 09:00:02 10.0.0.5 GET /api/orders - 443 - 203.0.113.24 Mozilla/5.0 - - 200 0 0 12'
            '2026-11-30 09:00:03 10.0.0.5 GET /dl SECRET4 443 - 203.0.113.24 Mozilla/5.0 - - 200 0 0 12'
        ) -join "`r`n"
        $bytes = [System.Text.Encoding]::UTF8.GetBytes($log + "`r`n")
        $out = [System.Text.Encoding]::UTF8.GetString((Remove-W3cQueryValue -Bytes $bytes))
        foreach ($s in @('eyJSECRET1', 'SECRET2', 'SECRET3', 'SECRET4')) { $out.Contains($s) | Should -BeFalse -Because $s }
        $lines = $out -split "`r`n"
        $lines[2] | Should -Be '2026-11-30 09:00:01 10.0.0.5 GET /api/orders access_token=[removed]&page=[removed] 443 - 203.0.113.24 Mozilla/5.0 [removed] https://www.contoso.com/cb?code=[removed]&state=[removed] 502 3 12175 46'
        $lines[3] | Should -Be '2026-11-30 09:00:02 10.0.0.5 GET /api/orders - 443 - 203.0.113.24 Mozilla/5.0 - - 200 0 0 12'
        $lines[4] | Should -Be '2026-11-30 09:00:03 10.0.0.5 GET /dl [removed] 443 - 203.0.113.24 Mozilla/5.0 - - 200 0 0 12'
        $lines.Count | Should -Be 6
    }

    It 'scrubs the query of cs-uri in an HTTPERR log and leaves a log without queries byte for byte' {
        # synthetic: the #Fields line of src/parsers/w3c-log.sample.en-httperr-logjoint-three-runs-ipv6.txt
        $fields = '#Fields: date time c-ip c-port s-ip s-port cs-version cs-method cs-uri sc-status s-siteid s-reason s-queuename'
        $log = "$fields`r`n2026-11-30 09:00:01 203.0.113.24 50000 10.0.0.5 443 HTTP/1.1 GET /login?token=SECRET5 400 - BadRequest -`r`n"
        $out = [System.Text.Encoding]::UTF8.GetString((Remove-W3cQueryValue -Bytes ([System.Text.Encoding]::UTF8.GetBytes($log))))
        $out | Should -Be ($log -replace 'SECRET5', '[removed]')
        $plain = [System.IO.File]::ReadAllBytes((Join-Path $script:RepoRoot 'src/parsers/w3c-log.sample.en-httperr-logjoint-three-runs-ipv6.txt'))
        $same = Remove-W3cQueryValue -Bytes $plain
        [System.Linq.Enumerable]::SequenceEqual([byte[]]$same, [byte[]]$plain) | Should -BeTrue
    }

    It 'the collector writes the IIS log of an HTTPS site with its query values removed' {
        $fake = New-FakeWindows -Root (Join-Path $TestDrive 'w3c-query')
        Initialize-SampleHost -Fake $fake -Sample 'healthy'
        $site = Get-FakeDrivePath -Fake $fake -Path 'C:\inetpub\logs\LogFiles\W3SVC1'
        [void](New-Item -ItemType Directory -Force -Path $site)
        $sample = [System.IO.File]::ReadAllText((Join-Path $script:RepoRoot 'src/parsers/w3c-log.sample.synthetic-iis10-arr-502-3-12175.txt'))
        $sample += "2026-11-30 09:00:09 10.0.0.5 GET /api/orders sig=SECRET6TOKEN 443 - 203.0.113.77 Mozilla/5.0 - 502 3 12175 31`r`n"
        [System.IO.File]::WriteAllText((Join-Path $site 'u_ex261130.log'), $sample)
        Use-FakeWindows -Fake $fake
        $r = Invoke-Collector -Fake $fake
        $e = Get-ManifestEntry $r 'logs.iis-w3c'
        $e.status | Should -Be 'collected' -Because $r.Output
        $kept = [System.IO.File]::ReadAllText((Join-Path $r.Folder 'logs/iis/W3SVC1/u_ex261130.log'))
        $kept | Should -Not -Match 'SECRET6TOKEN'
        $kept | Should -Match ([regex]::Escape('/api/orders sig=[removed] 443'))
        $kept | Should -Match ' 502 3 12175 '
    }
}

Describe 'platform check (judge10 K01)' {
    It 'stops at once with "runs on Windows only" where there is no %SystemRoot%, writing nothing' {
        $pwsh = $env:TLS_DOCTOR_PWSH
        if (-not $pwsh) { $pwsh = (Get-Process -Id $PID).Path }
        $out = Join-Path $TestDrive 'not-windows'
        [void](New-Item -ItemType Directory -Force -Path $out)
        $cmd = "Remove-Item Env:SystemRoot -ErrorAction SilentlyContinue; & '{0}' -OutputDirectory '{1}'; exit `$LASTEXITCODE" -f $script:CollectorPath.Replace("'", "''"), $out.Replace("'", "''")
        $text = & $pwsh -NoProfile -NonInteractive -Command $cmd 2>&1 | Out-String
        $LASTEXITCODE | Should -Be 4
        $text | Should -Match 'runs on Windows only'
        $text | Should -Not -Match 'Cannot bind argument'
        @(Get-ChildItem -LiteralPath $out -Force).Count | Should -Be 0
    }
}
