import { createPrivateKey, X509Certificate } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { generate } from "selfsigned";

export interface TlsMaterial {
  /** PEM certificate: both the server certificate and the CA clients must trust. */
  certPem: string;
  keyPem: string;
  /** Where `certPem` is written. */
  certPath: string;
}

const DAY_MS = 86_400_000;
// One generation per directory per process: several simulators in one test file share it instead of racing.
const pending = new Map<string, Promise<TlsMaterial>>();

async function reuse(certPath: string, keyPath: string): Promise<TlsMaterial | null> {
  try {
    const [certPem, keyPem] = await Promise.all([readFile(certPath, "utf8"), readFile(keyPath, "utf8")]);
    const cert = new X509Certificate(certPem);
    const fresh = Date.parse(cert.validTo) - Date.now() > DAY_MS;
    const names = cert.subjectAltName ?? "";
    if (
      fresh &&
      names.includes("IP Address:127.0.0.1") &&
      names.includes("DNS:localhost") &&
      cert.checkPrivateKey(createPrivateKey(keyPem))
    ) {
      return { certPem, keyPem, certPath };
    }
  } catch {
    // Missing or unreadable files just mean a new pair.
  }
  return null;
}

async function create(dir: string): Promise<TlsMaterial> {
  const certPath = join(dir, "cert.pem");
  const keyPath = join(dir, "key.pem");
  const existing = await reuse(certPath, keyPath);
  if (existing) return existing;
  await mkdir(dir, { recursive: true });
  const notBeforeDate = new Date(Date.now() - DAY_MS);
  const pems = await generate([{ name: "commonName", value: "MSSP Simulator Local CA" }], {
    keySize: 2048,
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + 825 * DAY_MS),
    extensions: [
      // A self-signed CA that is also the leaf: clients trust this one file, no chain to assemble.
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, keyCertSign: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
          { type: 7, ip: "::1" },
        ],
      },
    ],
  });
  // Write via rename so a concurrent reader never sees half a file; key first so a visible cert has its key.
  const tmp = `.${process.pid}.${Date.now()}.tmp`;
  await writeFile(keyPath + tmp, pems.private, { mode: 0o600 });
  await rename(keyPath + tmp, keyPath);
  await writeFile(certPath + tmp, pems.cert);
  await rename(certPath + tmp, certPath);
  return { certPem: pems.cert, keyPem: pems.private, certPath };
}

/** Self-signed certificate for `localhost` and `127.0.0.1` in `dir`, reused while valid for more than a day. */
export function ensureTlsMaterial(dir: string): Promise<TlsMaterial> {
  let p = pending.get(dir);
  if (!p) {
    p = create(dir);
    pending.set(dir, p);
    p.catch(() => pending.delete(dir));
  }
  return p;
}
