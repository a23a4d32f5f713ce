import { describe, expect, it } from 'vitest';
import { isCredentialName } from './secrets-forms.js';
import { maskSecrets } from './secrets.js';

const R = '[removed by tls-doctor]';

describe('maskSecrets: credentials whose name does not say "password" (t11)', () => {
  const mustMask: [string, string][] = [
    [
      `<add key="StripeApiKey" value="sk_live_51HxAbCdEf" />`,
      `<add key="StripeApiKey" value="${R}" />`,
    ],
    [`<add key="Jwt:SigningKey" value="c2VjcmV0" />`, `<add key="Jwt:SigningKey" value="${R}" />`],
    [`<add value='t0k' key='ApiToken' />`, `<add value='${R}' key='ApiToken' />`],
    [`<add key="ClientSecret" value="x~y" />`, `<add key="ClientSecret" value="${R}" />`],
    [`<add key="AccessKey" value="wJalrXUtnFEMI" />`, `<add key="AccessKey" value="${R}" />`],
    [
      `<add key="StorageConnectionString" value="AccountName=a;EndpointSuffix=x" />`,
      `<add key="StorageConnectionString" value="${R}" />`,
    ],
    [
      `<environmentVariable name="ASPNETCORE_ApiKey" value="abc" />`,
      `<environmentVariable name="ASPNETCORE_ApiKey" value="${R}" />`,
    ],
    [
      `<machineKey validationKey="AutoGenerate,IsolateApps" decryptionKey="0A1B2C3D" />`,
      `<machineKey validationKey="AutoGenerate,IsolateApps" decryptionKey="${R}" />`,
    ],
    [`"ClientSecret": "abc~def",`, `"ClientSecret": "${R}",`],
    [`set STRIPE_KEY=sk_test_4eC39HqLyjWDarjt`, `set STRIPE_KEY=${R}`],
    [
      `https://acct.blob.core.windows.net/c/b.crl?sv=2020-08-04&ss=b&sig=abcDEF%2B1%3D&se=2026`,
      `https://acct.blob.core.windows.net/c/b.crl?sv=2020-08-04&ss=b&sig=${R}&se=2026`,
    ],
    [
      `https://api.contoso.com/v1?access_token=eyJx&id=3`,
      `https://api.contoso.com/v1?access_token=${R}&id=3`,
    ],
    [`https://u:p4ss@proxy.contoso.com:8080/`, `https://u:${R}@proxy.contoso.com:8080/`],
    [`Authorization: Basic dXNlcjpwYXNz`, `Authorization: Basic ${R}`],
    [
      `curl -H "Authorization: Bearer abc.def.ghi" https://x`,
      `curl -H "Authorization: Bearer ${R}" https://x`,
    ],
    [`aws_access_key_id = AKIAIOSFODNN7EXAMPLE`, `aws_access_key_id = ${R}`],
    [
      `DefaultEndpointsProtocol=https;AccountName=a;AccountKey=abc+d==;EndpointSuffix=core.windows.net`,
      `DefaultEndpointsProtocol=https;AccountName=a;AccountKey=${R};EndpointSuffix=core.windows.net`,
    ],
    [`certutil -f -p PfxPass1 -importpfx site.pfx`, `certutil -f -p ${R} -importpfx site.pfx`],
    [
      `openssl pkcs12 -export -passout pass:hunter2 -out a.pfx`,
      `openssl pkcs12 -export -passout pass:${R} -out a.pfx`,
    ],
    [
      `Import-PfxCertificate -FilePath a.pfx -Password (ConvertTo-SecureString -String 'Pfx!1' -Force -AsPlainText)`,
      `Import-PfxCertificate -FilePath a.pfx -Password (ConvertTo-SecureString -String '${R}' -Force -AsPlainText)`,
    ],
    [`deploy.exe --password=Hunter2 --site x`, `deploy.exe --password=${R} --site x`],
  ];
  for (const [input, want] of mustMask)
    it(`masks ${input}`, () => {
      expect(maskSecrets(input).text).toBe(want);
    });

  // What a diagnosis reads stays as it is.
  const mustNotMask = [
    `<binding protocol="https" bindingInformation="*:443:www.contoso.com" sslFlags="1" />`,
    `<add ipAddress="0.0.0.0" port="443" certificateHash="0123456789ABCDEF0123456789ABCDEF01234567" certificateStoreName="My" />`,
    `<access sslFlags="Ssl, SslNegotiateCert, SslRequireCert" />`,
    `<add key="ThemeColor" value="blue" />`,
    `<add key="KeySize" value="2048" />`,
    `<add name="X-Frame-Options" value="SAMEORIGIN" />`,
    `<add connectionString="Server=db01;Encrypt=True;TrustServerCertificate=False" name="Db" />`,
    `    Certificate Hash             : 0123456789abcdef0123456789abcdef01234567`,
    `    Certificate Store Name       : My`,
    `  Key Container = te-WebServer-8f2b1c7e-1234`,
    `  Unique container name: 6d2b1c7e9f_5a1b2c3d-0000`,
    `  KeySpec = 1 -- AT_KEYEXCHANGE`,
    `Cert Hash(sha1): 01 23 45 67 89 ab cd ef 01 23 45 67 89 ab cd ef 01 23 45 67`,
    `Thumbprint                                Subject`,
    `    SecretKeyName    REG_SZ    abc`,
    `"ServerMinKeyBitLength"=dword:00000800`,
    `HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\KeyExchangeAlgorithms\\PKCS`,
    `C:\\> netstat -ano -p tcp`,
    `xcopy C:\\a C:\\b /p`,
    `"KeyUsage": "DigitalSignature, KeyEncipherment",`,
    `"SignatureAlgorithm": "sha256RSA",`,
    `https://crl.contoso.com/ca.crl?id=3`,
    `the password policy was changed; see Authorization Manager`,
  ];
  for (const input of mustNotMask)
    it(`keeps ${input}`, () => {
      expect(maskSecrets(input).text).toBe(input);
    });

  it('masks short password options on a command line (an event) only', () => {
    const line = `"C:\\deploy\\deploy.exe" /u:svc /p:Secret7 /site:x`;
    expect(maskSecrets(line).text).toBe(line);
    expect(maskSecrets(line, true).text).toBe(`"C:\\deploy\\deploy.exe" /u:svc /p:${R} /site:x`);
    expect(maskSecrets('msbuild /p:Configuration=Release', true).text).toBe(
      'msbuild /p:Configuration=Release',
    );
    expect(maskSecrets('msbuild /p:DeployPassword=x1', true).text).toBe(
      `msbuild /p:DeployPassword=${R}`,
    );
  });

  it('stops a value at the XML around it', () => {
    expect(
      maskSecrets(`<Data>x /u:a /p:S3 </Data><Data>Server=a;Password=P</Data>`, true).text,
    ).toBe(`<Data>x /u:a /p:${R} </Data><Data>Server=a;Password=${R}</Data>`);
  });

  it('keeps the fields of a W3C log line apart', () => {
    const line = `2026-11-30 09:00:01 10.0.0.5 GET /login password=x1&u=2 443 - 203.0.113.24 curl/8.4.0 - 200 0 0 4`;
    expect(maskSecrets(line).text).toBe(
      `2026-11-30 09:00:01 10.0.0.5 GET /login password=${R}&u=2 443 - 203.0.113.24 curl/8.4.0 - 200 0 0 4`,
    );
  });
});

describe('maskSecrets: short options and positional passwords of known tools (r12 t12)', () => {
  // Each as a process command line (an event 4688) and as pasted text.
  const mustMask: [string, string][] = [
    [`certutil -f -p PfxPass1 -importpfx a.pfx`, `certutil -f -p ${R} -importpfx a.pfx`],
    [`signtool sign /f a.pfx /p Secr3t a.exe`, `signtool sign /f a.pfx /p ${R} a.exe`],
    [`psexec \\\\web01 -u admin -p Secr3t cmd`, `psexec \\\\web01 -u admin -p ${R} cmd`],
    [`sqlcmd -S db -U sa -P Secr3t -Q "select 1"`, `sqlcmd -S db -U sa -P ${R} -Q "select 1"`],
    [`schtasks /create /tn x /ru svc /rp Secr3t`, `schtasks /create /tn x /ru svc /rp ${R}`],
    [`schtasks /create /s web01 /u adm /p Secr3t`, `schtasks /create /s web01 /u adm /p ${R}`],
    [`pvk2pfx -pvk a.pvk -pi Secr3t -pfx a.pfx`, `pvk2pfx -pvk a.pvk -pi ${R} -pfx a.pfx`],
    [`winrs -r:web01 -u:adm -p:Secr3t ipconfig`, `winrs -r:web01 -u:adm -p:${R} ipconfig`],
    [`cmdkey /add:web01 /user:adm /pass:Secr3t`, `cmdkey /add:web01 /user:adm /pass:${R}`],
    [
      `msdeploy -verb:sync -dest:auto,computerName=x,userName=u,password=Secr3t`,
      `msdeploy -verb:sync -dest:auto,computerName=x,userName=u,password=${R}`,
    ],
    [`msbuild a.proj /p:DeployPassword=x1`, `msbuild a.proj /p:DeployPassword=${R}`],
    [
      `net use \\\\srv\\share S3cret! /user:CONTOSO\\svc`,
      `net use \\\\srv\\share ${R} /user:CONTOSO\\svc`,
    ],
    [
      `net use Z: \\\\srv\\share "pa ss" /user:CONTOSO\\svc`,
      `net use Z: \\\\srv\\share "${R}" /user:CONTOSO\\svc`,
    ],
    [`net user bob P@ssw0rd /add`, `net user bob ${R} /add`],
    [
      `C:\\Windows\\system32\\net1 user "Bob Smith" P@ssw0rd`,
      `C:\\Windows\\system32\\net1 user "Bob Smith" ${R}`,
    ],
  ];
  for (const [input, want] of mustMask)
    it(`masks ${input}`, () => {
      expect(maskSecrets(input).text).toBe(want);
      expect(maskSecrets(input, true).text).toBe(want);
    });

  // `/p` that is no password: a prompt, a persistence flag, statistics, a program's own switch.
  const mustNotMask = [
    `robocopy C:\\a D:\\b /purge /p`,
    `xcopy /p C:\\a D:\\b`,
    `C:\\tools\\x.exe /p:Release`,
    `"C:\\Windows\\System32\\net.exe" use Z: \\\\srv\\share /p:yes`,
    `net use Z: \\\\srv\\share /persistent:yes`,
    `net use \\\\srv\\share * /user:CONTOSO\\svc`,
    `net use Z: /delete`,
    `sqlcmd -S db -p 1 -Q "select 1"`,
    `msbuild a.proj /p:Configuration=Release`,
    `net user bob *`,
    `net user bob /add`,
    `net user bob /active:no`,
    `net user`,
    `net users`,
  ];
  for (const input of mustNotMask)
    it(`keeps ${input}`, () => {
      expect(maskSecrets(input).text).toBe(input);
      expect(maskSecrets(input, true).text).toBe(input);
    });
});

describe('maskSecrets: only the lines that may hold a secret are looked at', () => {
  it('counts lines across LF, CRLF and lone CR breaks as split() does', () => {
    const text = 'a\rb\r\nKeySpec = 0\n<add key="ApiKey" value="v" />\r\rx password="p"\n';
    const r = maskSecrets(text);
    expect(r.lines).toEqual([4, 6]);
    expect(r.text).toBe(
      `a\rb\r\nKeySpec = 0\n<add key="ApiKey" value="${R}" />\r\rx password="${R}"\n`,
    );
    expect(r.text.split(/\r\n|\n|\r/)).toHaveLength(text.split(/\r\n|\n|\r/).length);
  });

  it('finds an option at the start of a line (the trigger starts at the break before it)', () => {
    expect(maskSecrets('x\n--password=abc\n-pass q').text).toBe(`x\n--password=${R}\n-pass ${R}`);
  });

  it('reads a large listing without a secret in linear time', () => {
    const text = '    KeySpec = 0\nPublic Key Length: 2048 bits\n'.repeat(50_000);
    const start = performance.now();
    expect(maskSecrets(text).lines).toEqual([]);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});

describe('isCredentialName', () => {
  it.each([
    'ApiKey',
    'Jwt:SigningKey',
    'ClientSecret',
    'AccessKey',
    'ApiToken',
    'SasToken',
    'db_password',
    'validationKey',
    'StorageConnectionString',
  ])('%s is a credential', (n) => expect(isCredentialName(n)).toBe(true));
  it.each([
    'key',
    'keyContainer',
    'KeySpec',
    'PublicKey',
    'certificateHash',
    'certificateStoreName',
    'sslFlags',
    'bindingInformation',
    'PasswordFormat',
    'SignatureAlgorithm',
    'TokenEndpoint',
  ])('%s is not', (n) => expect(isCredentialName(n)).toBe(false));
  it('a connectionString attribute is masked inside, not whole', () => {
    expect(isCredentialName('connectionString', false)).toBe(false);
  });
});
