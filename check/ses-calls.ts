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

/** What ListEmailIdentities says of one identity. */
export interface ListedIdentity {
    name: string;
    type: string;
    status: string;
    sendingEnabled: boolean;
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

/** Every identity of the account in the client's region, by lower-case name. */
export async function listIdentities(client: SESv2Client, signal?: AbortSignal): Promise<Map<string, ListedIdentity>> {
    const found = new Map<string, ListedIdentity>();
    let token: string | undefined;
    do {
        const page = await client.send(new ListEmailIdentitiesCommand({ PageSize: LIST_PAGE_SIZE, NextToken: token }), { abortSignal: signal });
        for (const item of page.EmailIdentities ?? []) {
            if (item.IdentityName === undefined) continue;
            found.set(item.IdentityName.toLowerCase(), {
                name: item.IdentityName,
                type: item.IdentityType ?? "",
                status: item.VerificationStatus ?? "",
                sendingEnabled: item.SendingEnabled === true,
            });
        }
        token = page.NextToken || undefined;
    } while (token !== undefined);
    return found;
}

/** GetEmailIdentity, with 404 as `undefined`. */
export async function getIdentity(client: SESv2Client, identity: string, signal?: AbortSignal): Promise<IdentityDetails | undefined> {
    try {
        const { $metadata: _m, ...details } = await client.send(new GetEmailIdentityCommand({ EmailIdentity: identity }), { abortSignal: signal });
        return details;
    } catch (err) {
        if ((err as { name?: string }).name === "NotFoundException") return undefined;
        throw err;
    }
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
