/**
 * The DNS zone that SES Easy DKIM CNAMEs point at, per AWS region.
 *
 * Source: AWS General Reference, "Amazon SES endpoints and quotas", DKIM domains. Most regions share
 * `dkim.amazonses.com`; the regions listed here have their own `dkim.<region>.amazonses.com`.
 * GetEmailIdentity reports the zone SES really used as `DkimAttributes.SigningHostedZone`.
 */

/** Regions whose Easy DKIM records point at a regional zone rather than `dkim.amazonses.com`. */
export const REGIONAL_DKIM_REGIONS: ReadonlySet<string> = new Set([
    "af-south-1",
    "ap-northeast-3",
    "ap-south-2",
    "ap-southeast-3",
    "ap-southeast-5",
    "ca-west-1",
    "eu-central-2",
    "eu-south-1",
    "il-central-1",
    "me-central-1",
    "us-gov-east-1",
]);

/** The zone shared by every region not in {@link REGIONAL_DKIM_REGIONS}. */
export const GLOBAL_DKIM_DOMAIN = "dkim.amazonses.com";

/** The regular-expression source of an AWS region name such as `eu-west-1` or `us-gov-east-1` (no anchors, no groups that capture). */
export const REGION_NAME_SOURCE = "[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\\d";

const REGION_PATTERN = new RegExp(`^${REGION_NAME_SOURCE}$`);

/** True when `region` has the shape of an AWS region name. */
export function isRegionName(region: string): boolean {
    return REGION_PATTERN.test(region);
}

/** The DKIM domain of each region in {@link REGIONAL_DKIM_REGIONS}, written once. */
const REGIONAL_DKIM_DOMAINS: ReadonlyMap<string, string> = new Map([...REGIONAL_DKIM_REGIONS].map((r) => [r, `dkim.${r}.amazonses.com`]));

/** The DKIM domain (CNAME target zone) for Easy DKIM identities in `region`. */
export function dkimDomainForRegion(region: string): string {
    return REGIONAL_DKIM_DOMAINS.get(region) ?? GLOBAL_DKIM_DOMAIN;
}
