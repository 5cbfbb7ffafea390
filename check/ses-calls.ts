/**
 * The four SES v2 calls the check makes. ListEmailIdentities pages at 1000 (the most SES allows), so
 * one call gives the status of up to 1000 identities.
 */
import {
    GetAccountCommand,
    GetConfigurationSetCommand,
    GetEmailIdentityCommand,
    GetEmailIdentityCommandOutput,
    ListEmailIdentitiesCommand,
    SESv2Client,
} from "@aws-sdk/client-sesv2";
import { identityKey } from "./verify-target";

/** What ListEmailIdentities says of one identity. */
export interface ListedIdentity {
    name: string;
    type: string;
    status: string;
    sendingEnabled: boolean;
    /**
     * True when List gave several entries for this identity (duplicates or, for a domain, case variants) that
     * disagree, or when its entry could not be read (a status that is not a string): only GetEmailIdentity can
     * say which is true, never the order of the entries.
     */
    conflicting?: boolean;
}

/** GetEmailIdentity's answer, or `undefined` when SES has no such identity (404). */
export type IdentityDetails = Omit<GetEmailIdentityCommandOutput, "$metadata">;

/** What GetAccount says about sending. */
export interface AccountState {
    productionAccessEnabled: boolean;
    sendingEnabled: boolean;
    enforcementStatus?: string;
}

/** The largest page ListEmailIdentities returns. */
export const LIST_PAGE_SIZE = 1000;

/**
 * The most identities SES lets one account verify per region (Creating and verifying identities in Amazon
 * SES: "You can verify as many as 10,000 identities in each Region").
 */
export const MAX_IDENTITIES_PER_REGION = 10_000;

/** The most List pages a run reads per listing: what the identity quota fills at full pages, and one more. */
export const MAX_LIST_PAGES = Math.ceil(MAX_IDENTITIES_PER_REGION / LIST_PAGE_SIZE) + 1;

/** List's pagination went wrong: a NextToken came back, or more pages came than the quota could fill. */
export class ListingError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ListingError";
    }
}

/**
 * An SES answer with a field of the wrong type (a number where SES documents a string): what came cannot be
 * read as SES's, so the identities it touches are errors (exit 2), never judged on a guess.
 */
export class MalformedAnswerError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "MalformedAnswerError";
    }
}

/** The string at `field` of an answer (undefined when absent); anything else is a {@link MalformedAnswerError}. */
function stringField(value: unknown, field: string, about: string): string | undefined {
    if (value === undefined || value === null || typeof value === "string") return value ?? undefined;
    const shown = JSON.stringify(value)?.slice(0, 40) ?? typeof value;
    throw new MalformedAnswerError(`SES's answer gives ${about} a ${field} of ${shown}, not a string; the endpoint is not SES or is misbehaving`);
}

/** Every identity of the account in the client's region, by {@link identityKey}. Pagination is bounded. */
export async function listIdentities(client: SESv2Client, signal?: AbortSignal): Promise<Map<string, ListedIdentity>> {
    const found = new Map<string, ListedIdentity>();
    const tokens = new Set<string>();
    let token: string | undefined;
    let pages = 0;
    do {
        if (pages === MAX_LIST_PAGES) {
            throw new ListingError(
                `SES kept paging after ${pages} pages of up to ${LIST_PAGE_SIZE}, more than the ${MAX_IDENTITIES_PER_REGION} identities a region can hold; the listing cannot be trusted, try again later`,
            );
        }
        const page = await client.send(new ListEmailIdentitiesCommand({ PageSize: LIST_PAGE_SIZE, NextToken: token }), { abortSignal: signal });
        pages += 1;
        for (const item of page.EmailIdentities ?? []) {
            const name = stringField(item.IdentityName, "IdentityName", "an identity");
            if (name === undefined) continue;
            const text = (v: unknown) => v === undefined || typeof v === "string";
            // An entry whose type or status is not a string says nothing: GetEmailIdentity must answer for it.
            const readable = text(item.IdentityType) && text(item.VerificationStatus);
            addListed(found, {
                name,
                type: readable ? (item.IdentityType ?? "") : "",
                status: readable ? (item.VerificationStatus ?? "") : "",
                sendingEnabled: item.SendingEnabled === true,
                ...(readable ? {} : { conflicting: true }),
            });
        }
        token = page.NextToken || undefined;
        if (token !== undefined && tokens.has(token)) {
            throw new ListingError(`SES returned the same NextToken twice (after ${pages} pages); the listing would never end, try again later`);
        }
        if (token !== undefined) tokens.add(token);
    } while (token !== undefined);
    return found;
}

/** Adds one List entry; a second entry for the same identity that says something else marks it conflicting. */
function addListed(found: Map<string, ListedIdentity>, entry: ListedIdentity): void {
    const key = identityKey(entry.name);
    const seen = found.get(key);
    if (seen === undefined) {
        found.set(key, entry);
        return;
    }
    const same = seen.type === entry.type && seen.status === entry.status && seen.sendingEnabled === entry.sendingEnabled;
    if (!same) seen.conflicting = true;
}

/** GetEmailIdentity, with 404 as `undefined`. */
export async function getIdentity(client: SESv2Client, identity: string, signal?: AbortSignal): Promise<IdentityDetails | undefined> {
    try {
        const { $metadata: _m, ...details } = await client.send(new GetEmailIdentityCommand({ EmailIdentity: identity }), { abortSignal: signal });
        checkDetails(details, identity);
        return details;
    } catch (err) {
        if ((err as { name?: string }).name === "NotFoundException") return undefined;
        throw err;
    }
}

/** Throws a {@link MalformedAnswerError} when a string field the check reads holds something else. */
function checkDetails(d: IdentityDetails, identity: string): void {
    const fields: Array<[unknown, string]> = [
        [d.VerificationStatus, "VerificationStatus"],
        [d.IdentityType, "IdentityType"],
        [d.ConfigurationSetName, "ConfigurationSetName"],
        [d.VerificationInfo?.ErrorType, "VerificationInfo.ErrorType"],
        [d.DkimAttributes?.Status, "DkimAttributes.Status"],
        [d.MailFromAttributes?.MailFromDomain, "MailFromAttributes.MailFromDomain"],
        [d.MailFromAttributes?.MailFromDomainStatus, "MailFromAttributes.MailFromDomainStatus"],
    ];
    for (const [value, field] of fields) stringField(value, field, identity);
}

/** GetAccount: the sandbox and sending state of the account in the client's region. */
export async function getAccount(client: SESv2Client, signal?: AbortSignal): Promise<AccountState> {
    const a = await client.send(new GetAccountCommand({}), { abortSignal: signal });
    return {
        productionAccessEnabled: a.ProductionAccessEnabled === true,
        sendingEnabled: a.SendingEnabled === true,
        enforcementStatus: a.EnforcementStatus,
    };
}

/** True when the configuration set exists in the client's region (GetConfigurationSet; 404 is false). */
export async function configurationSetExists(client: SESv2Client, name: string, signal?: AbortSignal): Promise<boolean> {
    try {
        await client.send(new GetConfigurationSetCommand({ ConfigurationSetName: name }), { abortSignal: signal });
        return true;
    } catch (err) {
        if ((err as { name?: string }).name === "NotFoundException") return false;
        throw err;
    }
}
