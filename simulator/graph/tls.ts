import { generate } from 'selfsigned';

/**
 * The simulator's HTTPS identity: a local certificate authority (generated, or handed in so a
 * developer trusts one CA across restarts) and a server certificate it signs for localhost,
 * 127.0.0.1 and ::1. Clients trust the CA, never the simulator's private key.
 */
export interface LocalCertificateAuthority {
  readonly certPem: string;
  readonly keyPem: string;
}

export interface LocalTls {
  readonly ca: LocalCertificateAuthority;
  readonly certPem: string;
  readonly keyPem: string;
}

export async function createLocalTls(ca?: LocalCertificateAuthority): Promise<LocalTls> {
  const authority = ca ?? (await createCertificateAuthority());
  const now = new Date();
  const leaf = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + 30 * 86_400_000),
    ca: { cert: authority.certPem, key: authority.keyPem },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
    ],
  });
  return { ca: authority, certPem: leaf.cert, keyPem: leaf.private };
}

export async function createCertificateAuthority(): Promise<LocalCertificateAuthority> {
  const now = new Date();
  const generated = await generate(
    [{ name: 'commonName', value: 'LeadPulse provider simulator local CA (development only)' }],
    {
      keySize: 2048,
      algorithm: 'sha256',
      notBeforeDate: new Date(now.getTime() - 60_000),
      notAfterDate: new Date(now.getTime() + 365 * 86_400_000),
      extensions: [
        { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      ],
    },
  );
  return { certPem: generated.cert, keyPem: generated.private };
}
