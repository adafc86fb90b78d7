import type { Prng } from "./random.prng.js";
import type { SimTenant } from "./simulator.types.js";

const COMPANIES = [
  "Contoso Pharma",
  "Fabrikam Logistics",
  "Northwind Health",
  "Tailspin Aviation",
  "Woodgrove Bank",
  "Litware Energy",
  "Adatum Retail",
  "Proseware Media",
  "Wingtip Foods",
  "Alpine Ski House",
  "Coho Vineyard",
  "Lamna Insurance",
] as const;

const REGIONS = ["us", "eu", "uk", "eu", "us", "au"] as const;

/** Demo customer tenants. Beyond the named companies, names get a numeric suffix so they stay unique. */
export function generateTenants(prng: Prng, count: number): SimTenant[] {
  return Array.from({ length: count }, (_, i) => {
    const base = COMPANIES[i % COMPANIES.length] as string;
    const name = i < COMPANIES.length ? base : `${base} ${Math.floor(i / COMPANIES.length) + 1}`;
    return {
      id: prng.guid(),
      name,
      region: REGIONS[i % REGIONS.length],
      domain: `${name.toLowerCase().replace(/[^a-z0-9]+/g, "")}.example`,
    };
  });
}

/** NetBIOS-style domain of a tenant, as it appears in `relatedUser.domainName`: "CONTOSOPHARMA". */
export function netbiosName(tenant: SimTenant): string {
  return (tenant.domain.split(".")[0] ?? "CORP").toUpperCase().slice(0, 15);
}
