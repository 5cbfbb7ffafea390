/** The DNS providers whose records the policies read. Adding a provider is adding its module here. */
import { cloudflare } from "./cloudflare";
import { DnsProvider } from "./dns-record";
import { route53 } from "./route53";

/** Every supported DNS provider. */
export const DNS_PROVIDERS: readonly DnsProvider[] = [route53, cloudflare];
