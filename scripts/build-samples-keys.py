#!/usr/bin/env python3
"""Writes the samples of the EKU-property, issuing-CA-EKU and key-provider rules (issues 15, 20 #4).

Each sample is a collector bundle (catalog paths; manifest by `npm run samples:manifest`) whose
certificates are the real X.509 files of scripts/gen-certs.ts and whose `certutil -v -store my`
text is shaped byte for byte on the real -v outputs beside src/parsers/certutil-store.ts:

- the decoded certificate (X509 Certificate:, Version, Serial Number, the indented Signature
  Algorithm / Issuer / Subject / Public Key blocks, one-space-indented NotBefore/NotAfter, the hex
  dumps "    0000  30 82 ..", "Certificate Extensions: N" with "    <oid>: Flags = .., Length = .."
  blocks, "Non-root Certificate", "Key Id Hash(..)", "Cert Hash(md5)/(sha1)" with spaced bytes) and
  the "  CERT_..._PROP_ID(n):" property blocks follow
  certutil-store.sample.en-v-store-root-enhkey-usage-property.txt (real, GlobalSign block);
- the CERT_ENHKEY_USAGE_PROP_ID(9) block ("    Enhanced Key Usage", then "        Name (OID)")
  is the one of that real sample;
- the CAPI key lines (Key Container / Simple container name / Provider / ProviderType / Flags /
  "CRYPT_MACHINE_KEYSET -- 20 (32)" / "KeySpec = 2 -- AT_SIGNATURE") are those of
  certutil-store.sample.en-v-store-my-capi-at-signature-rst-indented.txt (real, without its
  reStructuredText indentation); the CNG key lines ("ProviderType = 0", "KeySpec = 0") those of
  certutil-store.sample.en-v-store-my-ncipher-ksp-selfsigned.txt (real);
- "Private key is NOT exportable" / "Encryption test passed" / "Signature test passed" and the
  final status line as in the real samples.

Values (serials, names, validity, extensions, hashes, signature) are computed from the .cer files.
The provider names "Microsoft Platform Crypto Provider" and "Microsoft RSA SChannel Cryptographic
Provider" are as the real `certutil -csplist` output in projectacrn/acrn-hypervisor
doc/tutorials/waag-secure-boot.rst prints them; no real -store output with a TPM key was found.
Run: python3 scripts/build-samples-keys.py (then npm run samples:manifest).
"""
import hashlib, json, os, shutil
import subprocess, sys

if '--check' in sys.argv[1:]:
    # --check: rebuild in a scratch copy and compare with the committed output (scripts/README.md).
    HERE_ = os.path.dirname(os.path.abspath(__file__))
    sys.exit(subprocess.call(['npx', 'tsx', os.path.join(HERE_, 'check-builders.ts'), os.path.basename(__file__)], cwd=os.path.join(HERE_, '..')))
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import ExtensionOID, NameOID

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'certs', 'out')
SAMPLES = os.path.join(HERE, '..', 'samples')
INDEX = json.load(open(os.path.join(OUT, 'index.json')))
GUID = '7989b711-2e3f-4107-9aae-fb8df2e3b958'
APPID = '{4dc3e181-e14b-4a21-b022-59fc669b0914}'


def der(name):
    return open(os.path.join(OUT, f'{name}.cer'), 'rb').read()


def spaced(b):
    return ' '.join(f'{x:02x}' for x in b)


def dump(b, indent='    '):
    """certutil's hex dump: offset, two spaces, 8 bytes, two spaces, 8 bytes."""
    out = []
    for i in range(0, len(b), 16):
        row = b[i:i + 16]
        left = ' '.join(f'{x:02x}' for x in row[:8])
        right = ' '.join(f'{x:02x}' for x in row[8:])
        out.append(f'{indent}{i:04x}  {left}' + (f'  {right}' if right else ''))
    return out


SHORT = {NameOID.COMMON_NAME: 'CN', NameOID.ORGANIZATION_NAME: 'O', NameOID.COUNTRY_NAME: 'C'}
EKU_NAMES = {'1.3.6.1.5.5.7.3.1': 'Server Authentication', '1.3.6.1.5.5.7.3.2': 'Client Authentication',
             '1.3.6.1.5.5.7.3.4': 'Secure Email'}


def rdns(name):
    # certutil -v prints the most specific RDN first (CN, then O, then C).
    return [f'    {SHORT[a.oid]}={a.value}' for a in reversed(list(name))]


def when(d):
    h = d.hour % 12 or 12
    return f'{d.month}/{d.day}/{d.year} {h}:{d.minute:02d} {"AM" if d.hour < 12 else "PM"}'


def extensions(c):
    out = [f'Certificate Extensions: {len(c.extensions)}']
    for e in c.extensions:
        body = e.value.public_bytes()
        out.append(f'    {e.oid.dotted_string}: Flags = {"1(Critical)" if e.critical else "0"}, Length = {len(body):x}')
        v = e.value
        if e.oid == ExtensionOID.BASIC_CONSTRAINTS:
            out += ['    Basic Constraints', f'        Subject Type={"CA" if v.ca else "End Entity"}',
                    f'        Path Length Constraint={"None" if v.path_length is None else v.path_length}']
        elif e.oid == ExtensionOID.KEY_USAGE:
            names = [n for n, on in [('Digital Signature', v.digital_signature), ('Key Encipherment', v.key_encipherment),
                                     ('Certificate Signing', v.key_cert_sign), ('CRL Signing', v.crl_sign)] if on]
            bits = (0x80 if v.digital_signature else 0) | (0x20 if v.key_encipherment else 0) | \
                   (0x04 if v.key_cert_sign else 0) | (0x02 if v.crl_sign else 0)
            out += ['    Key Usage', f'        {", ".join(names)} ({bits:02x})']
        elif e.oid == ExtensionOID.EXTENDED_KEY_USAGE:
            out += ['    Enhanced Key Usage'] + [f'        {EKU_NAMES[o.dotted_string]} ({o.dotted_string})' for o in v]
        elif e.oid == ExtensionOID.SUBJECT_ALTERNATIVE_NAME:
            out += ['    Subject Alternative Name'] + [f'        DNS Name={n}' for n in v.get_values_for_type(x509.DNSName)]
        elif e.oid == ExtensionOID.SUBJECT_KEY_IDENTIFIER:
            out += ['    Subject Key Identifier', f'        {spaced(v.digest)}']
        elif e.oid == ExtensionOID.AUTHORITY_KEY_IDENTIFIER:
            out += ['    Authority Key Identifier', f'        KeyID={spaced(v.key_identifier)}']
        out.append('')
    return out


def certutil_v(name, index, key, eku_property=None):
    """One `certutil -v -store my` block. key: dict(kind='capi'|'cng', provider, ...)."""
    raw = der(name)
    c = x509.load_der_x509_certificate(raw)
    spki = c.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    rsa_pub = c.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.PKCS1)
    ski = c.extensions.get_extension_for_oid(ExtensionOID.SUBJECT_KEY_IDENTIFIER).value.digest
    sha1 = hashlib.sha1(raw).digest()
    lines = [f'================ Certificate {index} ================', 'X509 Certificate:', 'Version: 3',
             f'Serial Number: {c.serial_number:x}', 'Signature Algorithm:',
             '    Algorithm ObjectId: 1.2.840.113549.1.1.11 sha256RSA', '    Algorithm Parameters:', '    05 00',
             'Issuer:', *rdns(c.issuer), '', f' NotBefore: {when(c.not_valid_before_utc)}',
             f' NotAfter: {when(c.not_valid_after_utc)}', '', 'Subject:', *rdns(c.subject), '',
             'Public Key Algorithm:', '    Algorithm ObjectId: 1.2.840.113549.1.1.1 RSA (RSA_SIGN)',
             '    Algorithm Parameters:', '    05 00', f'Public Key Length: {c.public_key().key_size} bits',
             'Public Key: UnusedBits = 0', *dump(rsa_pub), *extensions(c)]
    if lines[-1] == '':
        lines.pop()
    lines += ['', 'Signature Algorithm:', '    Algorithm ObjectId: 1.2.840.113549.1.1.11 sha256RSA',
              '    Algorithm Parameters:', '    05 00', 'Signature: UnusedBits=0', *dump(c.signature),
              'Non-root Certificate', f'Key Id Hash(rfc-sha1): {spaced(ski)}',
              f'Key Id Hash(sha1): {spaced(hashlib.sha1(spki).digest())}',
              f'Cert Hash(md5): {spaced(hashlib.md5(raw).digest())}', f'Cert Hash(sha1): {spaced(sha1)}', '']
    if key['kind'] == 'capi':
        lines += ['  CERT_KEY_PROV_INFO_PROP_ID(2):', f'    Key Container = {key["container"]}_{GUID}',
                  f'    Simple container name: {key["simple"]}', f'    Provider = {key["provider"]}',
                  f'    ProviderType = {key["type"]}', '    Flags = 20 (32)', '',
                  '  CRYPT_MACHINE_KEYSET -- 20 (32)', f'    KeySpec = {key["keyspec"]}', '']
    else:
        lines += ['  CERT_KEY_PROV_INFO_PROP_ID(2):', f'    Key Container = {key["container"]}',
                  f'    Provider = {key["provider"]}', '    ProviderType = 0', '    Flags = 20', '    KeySpec = 0', '']
    if eku_property is not None:
        lines += ['  CERT_ENHKEY_USAGE_PROP_ID(9):', '    Enhanced Key Usage',
                  *[f'        {EKU_NAMES[o]} ({o})' for o in eku_property], '']
    lines += ['  CERT_SHA1_HASH_PROP_ID(3):', f'    {spaced(sha1)}', '',
              '  CERT_KEY_IDENTIFIER_PROP_ID(20):', f'    {spaced(ski)}', '',
              '  CERT_MD5_HASH_PROP_ID(4):', f'    {spaced(hashlib.md5(raw).digest())}', '']
    lines += key['tests']
    return lines


def sslcert(thumb):
    return '\r\n'.join(['', 'SSL Certificate bindings:', '-------------------------', '',
                        '    IP:port                      : 0.0.0.0:443',
                        f'    Certificate Hash             : {thumb}',
                        f'    Application ID               : {APPID}',
                        '    Certificate Store Name       : MY',
                        '    Verify Client Certificate Revocation : Enabled',
                        '    Verify Revocation Using Cached Client Certificate Only : Disabled',
                        '    Usage Check                  : Enabled',
                        '    Revocation Freshness Time    : 0',
                        '    URL Retrieval Timeout        : 0',
                        '    Ctl Identifier               : (null)',
                        '    Ctl Store Name               : (null)',
                        '    DS Mapper Usage              : Disabled',
                        '    Negotiate Client Certificate : Disabled',
                        '', '']) + '\r\n'


CAPI_SIG = dict(kind='capi', container='3b2e6f0c9d8a7b6c5d4e3f2a1b0c9d8e', simple='{EA75381E-6D9B-4BDC-B6C7-5144C96507DD}',
                provider='Microsoft Strong Cryptographic Provider', type=1, keyspec='2 -- AT_SIGNATURE',
                tests=['Private key is NOT exportable', 'Signature test passed'])
CAPI_KX = dict(kind='capi', container='3b2e6f0c9d8a7b6c5d4e3f2a1b0c9d8e', simple='te-WebServer-3001-7989b711',
               provider='Microsoft RSA SChannel Cryptographic Provider', type=12, keyspec='1 -- AT_KEYEXCHANGE',
               tests=['Private key is NOT exportable', 'Encryption test passed'])
KSP = dict(kind='cng', container='te-WebServer-7c1f3d2e-5b7a-4f0e-9a55-3e2b1c0d9f11',
           provider='Microsoft Software Key Storage Provider',
           tests=['Private key is NOT exportable', 'Encryption test passed'])
TPM = dict(KSP, container='te-WebServer-TPM-3001', provider='Microsoft Platform Crypto Provider',
           tests=['Private key is NOT exportable', 'Signature test passed'])

SERVER_AUTH, CLIENT_AUTH = '1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2'
CHAIN = [('issuing-ca', 'CA'), ('root-ca', 'Root')]

SPECS = {
    'cert-eku-property-restricted': dict(
        leaf='server-good', chain=CHAIN, key=KSP, eku_property=[CLIENT_AUTH],
        finding='certificate-missing-server-auth-eku',
        description="Seed scenario 2 (0x800B0110): the bound certificate's EKU extension has Server Authentication, "
                    "but its purposes are restricted in its PROPERTIES (CERT_ENHKEY_USAGE_PROP_ID: Client Authentication "
                    "only) - the restriction the IIS article's 'Enable all purposes for this certificate' removes."),
    'cert-eku-property-all-purposes': dict(
        leaf='server-good', chain=CHAIN, key=KSP, eku_property=None, twin='cert-eku-property-restricted',
        description="Healthy twin of cert-eku-property-restricted: no CERT_ENHKEY_USAGE_PROP_ID property (all purposes "
                    "of the extension enabled)."),
    's2-issuing-ca-without-server-auth': dict(
        leaf='server-under-client-auth-ca', chain=[('issuing-ca-client-auth-only', 'CA'), ('root-ca', 'Root')],
        key=KSP, eku_property=None, finding='certificate-missing-server-auth-eku',
        description="Seed scenario 2 (0x800B0110): the bound certificate lists Server Authentication, but its issuing "
                    "CA's own EKU (Client Authentication, Secure Email) lacks it, which constrains the whole chain."),
    's2-issuing-ca-with-server-auth': dict(
        leaf='server-good', chain=CHAIN, key=KSP, eku_property=None, twin='s2-issuing-ca-without-server-auth',
        description="Healthy twin of s2-issuing-ca-without-server-auth: the issuing CA has no EKU (every purpose)."),
    's2-key-signature-only': dict(
        leaf='server-good', chain=CHAIN, key=CAPI_SIG, eku_property=None, finding='certificate-key-signature-only',
        description="The bound certificate's CryptoAPI key (Microsoft Strong Cryptographic Provider) is stored as "
                    "AT_SIGNATURE (KeySpec = 2); Schannel server keys must be AT_KEYEXCHANGE."),
    's2-key-keyexchange': dict(
        leaf='server-good', chain=CHAIN, key=CAPI_KX, eku_property=None, twin='s2-key-signature-only',
        description="Healthy twin of s2-key-signature-only: the CAPI key is AT_KEYEXCHANGE in the RSA SChannel provider."),
    's2-key-in-tpm-provider': dict(
        leaf='server-good', chain=CHAIN, key=TPM, eku_property=None, finding='certificate-key-in-hardware-provider',
        description="The bound certificate's key is held by the TPM (Microsoft Platform Crypto Provider), which the TLS "
                    "server (lsass as SYSTEM) may not be able to use."),
    's2-key-in-software-provider': dict(
        leaf='server-good', chain=CHAIN, key=KSP, eku_property=None, twin='s2-key-in-tpm-provider',
        description="Healthy twin of s2-key-in-tpm-provider: the key is in Microsoft Software Key Storage Provider."),
}


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    mode = 'wb' if isinstance(data, bytes) else 'w'
    with open(path, mode, **({} if mode == 'wb' else {'newline': ''})) as f:
        f.write(data)


for sample, s in SPECS.items():
    d = os.path.join(SAMPLES, sample)
    if os.path.isdir(d):
        shutil.rmtree(d)
    leaf = INDEX[s['leaf']]['thumbprint'].lower()
    write(os.path.join(d, 'certificates', 'My', f'{leaf.upper()}.cer'), der(s['leaf']))
    for name, store in s['chain']:
        write(os.path.join(d, 'certificates', store, f'{INDEX[name]["thumbprint"].upper()}.cer'), der(name))
    lines = ['My "Personal"', *certutil_v(s['leaf'], 0, s['key'], s['eku_property']),
             'CertUtil: -store command completed successfully.']
    write(os.path.join(d, 'certificates', 'certutil-v-store-my.txt'), '\r\n'.join(lines) + '\r\n')
    write(os.path.join(d, 'httpsys', 'netsh-http-show-sslcert.txt'), sslcert(leaf))
    expected = {'description': s['description'] + ' certutil -v text shaped on the real samples named in '
                'scripts/build-samples-keys.py; built by that script.'}
    if 'twin' in s:
        expected['healthyTwinOf'] = s['twin']
        expected['findings'] = []
    else:
        expected['findings'] = [{'ruleId': s['finding'], 'entity': f'My\\{leaf}'}]
    write(os.path.join(d, 'expected-findings.json'), json.dumps(expected, indent=2) + '\n')
    print(sample)
