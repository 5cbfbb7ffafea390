/** Reading a DKIM key record (TXT at `<selector>._domainkey.<domain>`), as published for BYODKIM. */
import { unquoteTxtValue } from "./identity-records";

/**
 * The public key (`p=` tag, white space removed) of a DKIM TXT value, whether written bare (`p=...`, as SES
 * documents) or with other tags (`v=DKIM1; k=rsa; p=...`); undefined when there is no `p=` tag.
 */
export function dkimTxtPublicKey(value: string): string | undefined {
    for (const tag of unquoteTxtValue(value).split(";")) {
        const m = /^\s*p\s*=(.*)$/s.exec(tag);
        if (m) return m[1].replace(/\s+/g, "");
    }
    return undefined;
}
