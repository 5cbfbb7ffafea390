/**
 * The `dkim` argument of VerifiedDomain with its kind made explicit. Users write Easy DKIM as `{ keyLength? }`
 * (or nothing) and BYODKIM as `{ selector, privateKey, publicKey? }`; the component works from this union.
 */
import { ByoDkimOptions, EasyDkimOptions, isByoDkim } from "./verified-domain-args";

/** The `dkim` argument with its kind explicit, as the component works from it. */
export type DkimSetup = ({ kind: "easy" } & Required<EasyDkimOptions>) | ({ kind: "byodkim" } & ByoDkimOptions);

/** The (checked) `dkim` argument as a {@link DkimSetup}: BYODKIM when it asks for it, else Easy DKIM (2048-bit by default). */
export function dkimSetup(dkim: EasyDkimOptions | ByoDkimOptions | undefined): DkimSetup {
    if (isByoDkim(dkim)) return { kind: "byodkim", selector: dkim.selector, privateKey: dkim.privateKey, publicKey: dkim.publicKey };
    return { kind: "easy", keyLength: dkim?.keyLength ?? "RSA_2048_BIT" };
}
