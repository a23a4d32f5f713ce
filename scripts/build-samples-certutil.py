#!/usr/bin/env python3
"""Writes the issue-12 samples whose certificates reach the analyzer only as certutil text and
icacls listings (loose files a customer pastes, no .cer, no store.json).

The certutil text copies, line for line in shape, the real `certutil -store My` output in
src/parsers/certutil-store.sample.en-store-my-not-exportable-key-tests.txt (from
../shared/real/text/certutil/en-store-my-not-exportable-signature-and-encryption-test.txt):
header `My "Personal"`, `================ Certificate N ================`, one-space-indented
NotBefore/NotAfter in en-US M/d/yyyy h:mm AM, two-space-indented `Key Container =` /
`Simple container name:` / `Provider =`, the key-test line and the final `CertUtil: -store command
completed successfully.` The CAPI provider line and "Root Certificate: Subject matches Issuer" are
copied from the real HackTheBox sample (en-store-my-missing-stored-keyset-ksp-htb.txt). The CA and
Root header display names ("Intermediate Certification Authorities", "Trusted Root Certification
Authorities") are Windows' store names; no real CA/Root listing is in ../shared/real. The icacls
listings keep the shape of ../shared/real/text/icacls/en-machinekeys-folder-tampered-everyone-rw-users-full.txt
(path, one space, first ACE; further ACEs aligned under it; blank line; summary line).
Values (serials, names, validity, thumbprints) are those of the real X.509 certificates made by
scripts/gen-certs.ts. Run: python3 scripts/build-samples-certutil.py
"""
import json, os
import subprocess, sys

if '--check' in sys.argv[1:]:
    # --check: rebuild in a scratch copy and compare with the committed output (scripts/README.md).
    HERE_ = os.path.dirname(os.path.abspath(__file__))
    sys.exit(subprocess.call(['npx', 'tsx', os.path.join(HERE_, 'check-builders.ts'), os.path.basename(__file__)], cwd=os.path.join(HERE_, '..')))

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'samples')
GUID = '7989b711-2e3f-4107-9aae-fb8df2e3b958'
CERTS = {
    'server-good': dict(serial='3001', issuer='CN=tls-doctor Sample Issuing CA 1, O=tls-doctor samples, C=US',
                        nb='6/1/2025 12:00 AM', na='6/1/2028 12:00 AM', subject='CN=www.contoso.com, O=Contoso Ltd, C=US',
                        thumb='a3a24ddc3db9c858165eb1aa0210d1732f4388c3', container='3b2e6f0c9d8a7b6c5d4e3f2a1b0c9d8e'),
    'server-expired': dict(serial='3004', issuer='CN=tls-doctor Sample Issuing CA 1, O=tls-doctor samples, C=US',
                           nb='2/1/2024 12:00 AM', na='2/1/2025 12:00 AM', subject='CN=old.contoso.com, O=Contoso Ltd, C=US',
                           thumb='5cfd849ff42f5c2e4b6196eceaf7682c9517c317', container='9d41c2b07e5f3a6d8c1b2e4f6a7d9c0b'),
    'server-private-root': dict(serial='5001', issuer='CN=Fabrikam Private Root CA, O=Fabrikam Inc, C=US',
                                nb='6/1/2025 12:00 AM', na='6/1/2028 12:00 AM', subject='CN=shop.fabrikam.com, O=Fabrikam Inc, C=US',
                                thumb='ff6d145531351725abdb1c3d528566a8d0a33b53', container='33543dc57d6280dd016da093917cb903'),
    'issuing-ca': dict(serial='2000', issuer='CN=tls-doctor Sample Root CA, O=tls-doctor samples, C=US',
                       nb='1/1/2024 12:00 AM', na='1/1/2039 12:00 AM', subject='CN=tls-doctor Sample Issuing CA 1, O=tls-doctor samples, C=US',
                       thumb='567c75b5e77b9a8e75f987e816578e01d3afda04'),
    'root-ca': dict(serial='1000', issuer='CN=tls-doctor Sample Root CA, O=tls-doctor samples, C=US',
                    nb='1/1/2024 12:00 AM', na='1/1/2044 12:00 AM', subject='CN=tls-doctor Sample Root CA, O=tls-doctor samples, C=US',
                    thumb='3512daeed9d4ee7f8954284624004dffb76d9690', root=True),
    'private-root-ca': dict(serial='5000', issuer='CN=Fabrikam Private Root CA, O=Fabrikam Inc, C=US',
                            nb='1/1/2024 12:00 AM', na='1/1/2044 12:00 AM', subject='CN=Fabrikam Private Root CA, O=Fabrikam Inc, C=US',
                            thumb='f91a0d6379a120e24361b9760b3899236e95d930', root=True),
}
HEADERS = {'My': 'My "Personal"', 'CA': 'CA "Intermediate Certification Authorities"',
           'Root': 'Root "Trusted Root Certification Authorities"'}


def block(i, name):
    c = CERTS[name]
    out = [f'================ Certificate {i} ================', f'Serial Number: {c["serial"]}',
           f'Issuer: {c["issuer"]}', f' NotBefore: {c["nb"]}', f' NotAfter: {c["na"]}', f'Subject: {c["subject"]}']
    if c.get('root'):
        out += ['Signature matches Public Key', 'Root Certificate: Subject matches Issuer']
    else:
        out += ['Non-root Certificate']
    out.append(f'Cert Hash(sha1): {c["thumb"]}')
    if 'container' in c:
        out += [f'  Key Container = {c["container"]}_{GUID}',
                f'  Simple container name: te-WebServer-{c["serial"]}-{GUID[:8]}',
                '  Provider = Microsoft RSA SChannel Cryptographic Provider',
                'Private key is NOT exportable', 'Encryption test passed']
    else:
        out.append('No key provider information')
    return out


def certutil(store, names):
    lines = [HEADERS[store]]
    for i, n in enumerate(names):
        if i:
            lines.append('')
        lines += block(i, n)
    lines.append('CertUtil: -store command completed successfully.')
    return '\r\n'.join(lines) + '\r\n'


def sslcert(thumb):
    return '\r\n'.join(['', 'SSL Certificate bindings:', '-------------------------', '',
                        '    IP:port                      : 0.0.0.0:443',
                        f'    Certificate Hash             : {thumb}',
                        '    Application ID               : {4dc3e181-e14b-4a21-b022-59fc669b0914}',
                        '    Certificate Store Name       : MY', '', '']) 


def icacls(path, aces):
    pad = ' ' * (len(path) + 1)
    lines = [f'{path} {aces[0]}'] + [pad + a for a in aces[1:]]
    return '\r\n'.join(lines + ['', 'Successfully processed 1 files; Failed processing 0 files', ''])


MANIFEST = {'formatVersion': 1, 'collector': {'name': 'pasted by hand'},
            'host': {'name': 'WEB01', 'timeZone': 'W. Europe Standard Time'},
            'startedAt': '2026-11-20T09:14:02.000Z', 'artifacts': []}


# The host's date format, as the collector records it (host.culture, host.shortDatePattern): a
# sample whose verdict compares two dates that no day above 12 decides (6/1/2024 vs 6/1/2025)
# states it, since without it such a date is ambiguous and never guessed.
EN_US_FORMAT = {'culture': 'en-US', 'shortDatePattern': 'M/d/yyyy'}


def write(name, files, expected, host_format=None):
    d = os.path.join(ROOT, name)
    for rel, text in files.items():
        p = os.path.join(d, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, 'w', newline='') as f:
            f.write(text)
    with open(os.path.join(d, 'manifest.json'), 'w') as f:
        manifest = MANIFEST if host_format is None else {**MANIFEST, 'host': {**MANIFEST['host'], **host_format}}
        json.dump(manifest, f, indent=2)
        f.write('\n')
    with open(os.path.join(d, 'expected-findings.json'), 'w') as f:
        json.dump(expected, f, indent=2, ensure_ascii=False)
        f.write('\n')


SRC = 'certutil text shaped byte for byte on src/parsers/certutil-store.sample.en-store-my-not-exportable-key-tests.txt (real); built by scripts/build-samples-certutil.py'
g, e, p = CERTS['server-good'], CERTS['server-expired'], CERTS['server-private-root']

write('cert-certutil-expired', {
    'netsh-sslcert.txt': sslcert(e['thumb']),
    'certutil-store-my.txt': certutil('My', ['server-expired']),
}, {'description': 'Loose certutil -store my output only (no .cer, no store.json): the certificate bound to 0.0.0.0:443 expired on 2/1/2025 (host-local time), long before the collection (2026-11-20). ' + SRC,
    'findings': [{'ruleId': 'certificate-expired', 'entity': f'My\\{e["thumb"]}'}],
    'notEvaluated': [{'ruleId': 'certificate-chain-incomplete', 'entity': f'My\\{e["thumb"]}'}]})
write('cert-certutil-valid', {
    'netsh-sslcert.txt': sslcert(g['thumb']),
    'certutil-store-my.txt': certutil('My', ['server-good']),
}, {'description': 'Healthy twin of cert-certutil-expired: the bound certificate is valid until 6/1/2028. ' + SRC,
    'healthyTwinOf': 'cert-certutil-expired', 'findings': []})

keyfile = f'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\\{g["container"]}_{GUID}'
write('cert-certutil-keyfile-no-system', {
    'netsh-sslcert.txt': sslcert(g['thumb']),
    'certutil-store-my.txt': certutil('My', ['server-good']),
    'icacls-machinekeys.txt': icacls(keyfile, ['CONTOSO\\svc-deploy:(F)', 'BUILTIN\\Users:(R)']),
}, {'description': 'certutil -store my names the key container of the bound certificate (CAPI unique name); the icacls listing of that key file in MachineKeys grants a deploy account and Users, not SYSTEM. The key file is joined to the certificate by the container name. ' + SRC,
    'findings': [{'ruleId': 'machinekeys-acl-missing-system', 'entity': f'My\\{g["thumb"]}'}]})
write('cert-certutil-keyfile-system', {
    'netsh-sslcert.txt': sslcert(g['thumb']),
    'certutil-store-my.txt': certutil('My', ['server-good']),
    'icacls-machinekeys.txt': icacls(keyfile, ['NT AUTHORITY\\SYSTEM:(F)', 'BUILTIN\\Administrators:(F)']),
}, {'description': 'Healthy twin of cert-certutil-keyfile-no-system: the key file grants SYSTEM and Administrators full control. ' + SRC,
    'healthyTwinOf': 'cert-certutil-keyfile-no-system', 'findings': []})

write('cert-certutil-untrusted-root', {
    'netsh-sslcert.txt': sslcert(p['thumb']),
    'certutil-store-my.txt': certutil('My', ['server-private-root']),
    'certutil-store-ca.txt': certutil('CA', ['issuing-ca', 'private-root-ca']),
    'certutil-store-root.txt': certutil('Root', ['root-ca']),
}, {'description': 'Seed scenario 2 (CERT_E_UNTRUSTEDROOT) from certutil text alone: the private root of shop.fabrikam.com is in the Intermediate (CA) store, not in Trusted Root. ' + SRC,
    'findings': [{'ruleId': 'certificate-untrusted-root', 'entity': f'My\\{p["thumb"]}'}]})
write('cert-certutil-chain-incomplete', {
    'netsh-sslcert.txt': sslcert(g['thumb']),
    'certutil-store-my.txt': certutil('My', ['server-good']),
    'certutil-store-ca.txt': certutil('CA', ['private-root-ca']),
    'certutil-store-root.txt': certutil('Root', ['root-ca']),
}, {'description': 'The issuer of www.contoso.com (tls-doctor Sample Issuing CA 1) is in none of the stores the certutil listings show (My, CA, Root). ' + SRC,
    'findings': [{'ruleId': 'certificate-chain-incomplete', 'entity': f'My\\{g["thumb"]}'}]})
write('cert-certutil-chain-trusted', {
    'netsh-sslcert.txt': sslcert(g['thumb']),
    'certutil-store-my.txt': certutil('My', ['server-good']),
    'certutil-store-ca.txt': certutil('CA', ['issuing-ca']),
    'certutil-store-root.txt': certutil('Root', ['root-ca', 'private-root-ca']),
}, {'description': 'Healthy twin of cert-certutil-untrusted-root and cert-certutil-chain-incomplete: the intermediate is in CA and its root in Root, built from certutil text alone. ' + SRC,
    'healthyTwinOf': 'cert-certutil-chain-incomplete', 'findings': []})

# The same chains from PowerShell listings (cert-powershell.ts): CA as Format-List (subject and
# issuer), Root as the default table (thumbprint and subject only).
PS = {n: CERTS[n] for n in ('private-root-ca', 'issuing-ca', 'root-ca')}


def ps_when(text):  # certutil's `6/1/2025 12:00 AM` → PowerShell's `6/1/2025 12:00:00 AM`
    return text.replace(' AM', ':00 AM').replace(' PM', ':00 PM')


def format_list(cmd, names):
    out = [f'PS C:\\Users\\Administrator> {cmd}', '']
    for n in names:
        c = PS[n]
        for k, v in [('Subject', c['subject']), ('Issuer', c['issuer']), ('Thumbprint', c['thumb'].upper()),
                     ('FriendlyName', ''), ('NotBefore', ps_when(c['nb'])), ('NotAfter', ps_when(c['na'])),
                     ('Extensions', '{System.Security.Cryptography.Oid, System.Security.Cryptography.Oid}')]:
            out.append(f'{k.ljust(12)} : {v}'.rstrip())
        out.append('')
    return '\r\n'.join(out) + '\r\n'


def ps_table(cmd, store, names):
    out = [f'PS C:\\Users\\Administrator> {cmd}', '', '',
           f'   PSParentPath: Microsoft.PowerShell.Security\\Certificate::LocalMachine\\{store}', '',
           'Thumbprint                                Subject', '----------                                -------']
    out += [f"{PS[n]['thumb'].upper()}  {PS[n]['subject']}" for n in names]
    return '\r\n'.join(out) + '\r\n\r\n'


PS_SRC = (' PowerShell listings shaped on the real samples beside src/parsers/cert-powershell.ts (Format-List: '
          'Cyber Aces notes; table: HackTheBox write-up), values of the generated certificates; written by '
          'scripts/build-samples-certutil.py.')
write('cert-powershell-untrusted-root', {
    'netsh-sslcert.txt': sslcert(p['thumb']),
    'certutil-store-my.txt': certutil('My', ['server-private-root']),
    'ls-cert-ca.txt': format_list('Get-ChildItem Cert:\\LocalMachine\\CA | Format-List', ['private-root-ca']),
    'ls-cert-root.txt': ps_table('Get-ChildItem Cert:\\LocalMachine\\Root', 'Root', ['root-ca']),
}, {'description': 'Seed scenario 2 (CERT_E_UNTRUSTEDROOT) from PowerShell listings: Get-ChildItem Cert:\\LocalMachine\\CA | Format-List shows the private root of shop.fabrikam.com (subject = issuer) in the Intermediate store; the Root table does not list it.' + PS_SRC,
    'findings': [{'ruleId': 'certificate-untrusted-root', 'entity': f'My\\{p["thumb"]}'}]})
write('cert-powershell-chain-trusted', {
    'netsh-sslcert.txt': sslcert(g['thumb']),
    'certutil-store-my.txt': certutil('My', ['server-good']),
    'ls-cert-ca.txt': format_list('Get-ChildItem Cert:\\LocalMachine\\CA | Format-List', ['issuing-ca']),
    'ls-cert-root.txt': ps_table('Get-ChildItem Cert:\\LocalMachine\\Root', 'Root', ['root-ca']),
}, {'description': 'Healthy twin of cert-powershell-untrusted-root: the intermediate in the CA listing (Format-List) and its root in the Root table (thumbprint and subject only: a root by where it is).' + PS_SRC,
    'healthyTwinOf': 'cert-powershell-untrusted-root', 'findings': []})

# --- Wire chains, wrong chain paths and renewal leftovers (issue 12 wire intermediates, issue 20
# #5 and #9). Same certutil shape as above; the certificates are scripts/gen-certs.ts's, and the
# captures are real loopback handshakes recorded by scripts/make-cert-wire-captures.sh (run it
# first: the chain capture is copied into the samples that reuse it).
import shutil

CERTS.update({
    'legacy-root-ca': dict(serial='0900', issuer='CN=tls-doctor Legacy Root CA, O=tls-doctor samples, C=US',
                           nb='1/1/2010 12:00 AM', na='1/1/2040 12:00 AM', subject='CN=tls-doctor Legacy Root CA, O=tls-doctor samples, C=US',
                           thumb='b45448f4ac052e5a350cdce3f7fcee065548507b', root=True),
    'root-ca-cross': dict(serial='1001', issuer='CN=tls-doctor Legacy Root CA, O=tls-doctor samples, C=US',
                          nb='1/1/2024 12:00 AM', na='6/1/2025 12:00 AM', subject='CN=tls-doctor Sample Root CA, O=tls-doctor samples, C=US',
                          thumb='e003b2179ab9568b2f10876575df65ff893dbf6f'),
    'issuing-ca-expired': dict(serial='2001', issuer='CN=tls-doctor Sample Root CA, O=tls-doctor samples, C=US',
                               nb='1/1/2020 12:00 AM', na='1/1/2025 12:00 AM', subject='CN=tls-doctor Sample Issuing CA 1, O=tls-doctor samples, C=US',
                               thumb='b9f9de373646765ce28f12b3ce787aa99e50ef89'),
    'server-good-previous': dict(serial='3010', issuer='CN=tls-doctor Sample Issuing CA 1, O=tls-doctor samples, C=US',
                                 nb='6/1/2024 12:00 AM', na='6/1/2025 12:00 AM', subject='CN=www.contoso.com, O=Contoso Ltd, C=US',
                                 thumb='5aa426dc38db11846a2c510f022afac7d3f1d269', container='6c0e9a1f4b2d8e7c5a3f1b9d0e2c4a6f'),
})
WIRE_SRC = (' The capture is a real loopback TLS 1.2 handshake seen from the client side '
            '(scripts/make-cert-wire-captures.sh: openssl s_server -cert_chain, tcpdump -i lo, openssl s_client). ' + SRC)
CHAIN_PCAP = os.path.join(ROOT, 'cert-wire-chain-sent', 'capture', 'client-www-contoso-chain.pcap')


def with_capture(name, pcap_from=None):
    if pcap_from:
        d = os.path.join(ROOT, name, 'capture')
        os.makedirs(d, exist_ok=True)
        shutil.copyfile(pcap_from, os.path.join(d, os.path.basename(pcap_from)))


lg = f'capture\\{g["thumb"]}'
write('cert-wire-chain-leaf-only', {
    'certutil-store-ca.txt': certutil('CA', ['private-root-ca']),
    'certutil-store-root.txt': certutil('Root', ['root-ca']),
}, {'description': 'A client-side capture shows the server sending www.contoso.com ALONE (no intermediate), and the certutil listings of CA and Root do not hold its issuer (tls-doctor Sample Issuing CA 1): the chain is incomplete on the wire and in the stores.' + WIRE_SRC,
    'findings': [{'ruleId': 'certificate-chain-incomplete', 'entity': lg}]})
write('cert-wire-chain-sent', {
    'certutil-store-ca.txt': certutil('CA', ['private-root-ca']),
    'certutil-store-root.txt': certutil('Root', ['root-ca']),
}, {'description': 'Healthy twin of cert-wire-chain-leaf-only: the same stores, but the capture shows the server sending www.contoso.com WITH its intermediate (tls-doctor Sample Issuing CA 1, not in the collected CA listing) and without the root, which is in the Root listing. Schannel sends the chain it builds from the machine stores, so the server has the intermediate: the chain is trusted through the certificate seen on the wire, not "incomplete".' + WIRE_SRC,
    'healthyTwinOf': 'cert-wire-chain-leaf-only', 'findings': []})
with_capture('cert-wire-chain-no-root-evidence', CHAIN_PCAP)
d = os.path.join(ROOT, 'cert-wire-chain-no-root-evidence')
with open(os.path.join(d, 'expected-findings.json'), 'w') as f:
    json.dump({'description': 'Only the client-side capture of cert-wire-chain-sent (leaf + intermediate, no root) and no store listing: whether the chain ends at a trusted root cannot be told, so the chain rules are not evaluated, never high.' + WIRE_SRC,
               'findings': [],
               'notEvaluated': [{'ruleId': 'certificate-chain-incomplete', 'entity': lg},
                                {'ruleId': 'certificate-untrusted-root', 'entity': lg}]}, f, indent=2, ensure_ascii=False)
    f.write('\n')

write('cert-chain-expired-intermediate', {
    'netsh-sslcert.txt': sslcert(g['thumb']),
    'certutil-store-my.txt': certutil('My', ['server-good']),
    'certutil-store-ca.txt': certutil('CA', ['issuing-ca-expired']),
    'certutil-store-root.txt': certutil('Root', ['root-ca']),
}, {'description': 'The only certificate of tls-doctor Sample Issuing CA 1 in the CA listing expired on 1/1/2025; no renewed one is in any store: the chain of the bound www.contoso.com runs through an expired intermediate. ' + SRC,
    'findings': [{'ruleId': 'certificate-chain-expired-ca', 'entity': f'My\\{g["thumb"]}'}]})
write('cert-chain-intermediate-renewed', {
    'netsh-sslcert.txt': sslcert(g['thumb']),
    'certutil-store-my.txt': certutil('My', ['server-good']),
    'certutil-store-ca.txt': certutil('CA', ['issuing-ca-expired', 'issuing-ca']),
    'certutil-store-root.txt': certutil('Root', ['root-ca']),
}, {'description': 'Healthy twin of cert-chain-expired-intermediate: the renewed certificate of the intermediate (same subject and key, valid to 2039) sits beside the expired one; the chain is built through the valid one, as Windows prefers a time-valid issuer. ' + SRC,
    'healthyTwinOf': 'cert-chain-expired-intermediate', 'findings': []})

write('cert-wire-chain-expired-cross', {
    'netsh-sslcert.txt': sslcert(g['thumb']),
    'certutil-store-my.txt': certutil('My', ['server-good']),
    'certutil-store-ca.txt': certutil('CA', ['issuing-ca', 'root-ca-cross']),
    'certutil-store-root.txt': certutil('Root', ['root-ca']),
}, {'description': 'Cross-signed root: tls-doctor Sample Root CA is in Root self-signed, and in CA as a cross certificate signed by tls-doctor Legacy Root CA that expired on 6/1/2025. The capture shows the server sending leaf + intermediate + the expired cross certificate; the self-signed variant in Root is the valid path.' + WIRE_SRC,
    'findings': [{'ruleId': 'certificate-chain-wrong-path', 'entity': f'My\\{g["thumb"]}'}]})
with_capture('cert-wire-chain-cross-removed', CHAIN_PCAP)
write('cert-wire-chain-cross-removed', {
    'netsh-sslcert.txt': sslcert(g['thumb']),
    'certutil-store-my.txt': certutil('My', ['server-good']),
    'certutil-store-ca.txt': certutil('CA', ['issuing-ca']),
    'certutil-store-root.txt': certutil('Root', ['root-ca']),
}, {'description': 'Healthy twin of cert-wire-chain-expired-cross: the cross certificate is gone from CA and the capture shows the server sending leaf + intermediate only; the chain ends at the self-signed root in Root.' + WIRE_SRC,
    'healthyTwinOf': 'cert-wire-chain-expired-cross', 'findings': []})

gp = CERTS['server-good-previous']
write('cert-renewal-leftover', {
    'netsh-sslcert.txt': sslcert(gp['thumb']),
    'certutil-store-my.txt': certutil('My', ['server-good-previous', 'server-good']),
}, {'description': 'Renewal leftover: certutil -store my lists two certificates of CN=www.contoso.com; 0.0.0.0:443 is still bound to the one that expired on 6/1/2025 while its renewal (valid to 6/1/2028, key test passed) is beside it. ' + SRC,
    'findings': [{'ruleId': 'certificate-renewal-not-bound', 'entity': f'My\\{gp["thumb"]}'},
                 {'ruleId': 'certificate-expired', 'entity': f'My\\{gp["thumb"]}', 'explainedBy': 'certificate-renewal-not-bound'}]},
    host_format=EN_US_FORMAT)
write('cert-renewal-rebound', {
    'netsh-sslcert.txt': sslcert(g['thumb']),
    'certutil-store-my.txt': certutil('My', ['server-good-previous', 'server-good']),
}, {'description': 'Healthy twin of cert-renewal-leftover: the same two certificates, and 0.0.0.0:443 is bound to the renewed one; the expired predecessor is bound to nothing. ' + SRC,
    'healthyTwinOf': 'cert-renewal-leftover', 'findings': []}, host_format=EN_US_FORMAT)

# --- A self-signed certificate bound (judge finding, round 3): the fix is the CA-issued
# certificate beside it, never the server's Root store. certutil prints "Root Certificate: Subject
# matches Issuer" for any self-signed certificate, CA or not.
CERTS['server-self-signed'] = dict(serial='4001', issuer='CN=www.contoso.com', nb='3/1/2026 12:00 AM',
                                   na='3/1/2027 12:00 AM', subject='CN=www.contoso.com',
                                   thumb='fe17305289834df0b95afc99de281b97ddc9b2e4',
                                   container='5e8d2c7a1f4b6e9d0c3a2b8f7e6d5c4b', root=True)
ss = CERTS['server-self-signed']
write('cert-self-signed-bound', {
    'netsh-sslcert.txt': sslcert(ss['thumb']),
    'certutil-store-my.txt': certutil('My', ['server-self-signed', 'server-good']),
    'certutil-store-ca.txt': certutil('CA', ['issuing-ca']),
    'certutil-store-root.txt': certutil('Root', ['root-ca']),
}, {'description': '0.0.0.0:443 is bound to a self-signed CN=www.contoso.com (as New-SelfSignedCertificate makes it) while a CA-issued www.contoso.com with its key and a trusted chain sits beside it in My: the finding names that certificate for the rebind, and does not advise adding the self-signed one to the server\'s Root store. ' + SRC,
    'findings': [{'ruleId': 'certificate-self-signed', 'entity': f'My\\{ss["thumb"]}'}]}, host_format=EN_US_FORMAT)
write('cert-self-signed-replaced', {
    'netsh-sslcert.txt': sslcert(g['thumb']),
    'certutil-store-my.txt': certutil('My', ['server-self-signed', 'server-good']),
    'certutil-store-ca.txt': certutil('CA', ['issuing-ca']),
    'certutil-store-root.txt': certutil('Root', ['root-ca']),
}, {'description': 'Healthy twin of cert-self-signed-bound: the same stores, and 0.0.0.0:443 is bound to the CA-issued certificate; the self-signed one is bound to nothing. ' + SRC,
    'healthyTwinOf': 'cert-self-signed-bound', 'findings': []}, host_format=EN_US_FORMAT)
