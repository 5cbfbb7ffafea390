/**
 * The GetEmailIdentity calls a run spends: only for identities whose checks need details (see
 * `needsDetails`), a few in flight at a time (the client's rate control spaces them), re-read while `--wait` lasts
 * when a verified identity's DKIM or MAIL FROM status still moves; then GetConfigurationSet once per
 * configuration set those identities use.
 */
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { ApiProblem } from "./api-errors";
import { IdentityEvidence, needsDetails } from "./identity-checks";
import { mapLimited } from "./map-limited";
import { configurationSetExists, getIdentity, IdentityDetails, ListedIdentity } from "./ses-calls";
import { MAX_IN_FLIGHT } from "./rate-control";
import { identityKey, RegionalTarget } from "./verify-target";
import { pause, WaitControl } from "./wait-for-statuses";
import { identityKind } from "../records";

/** Evidence per target, or the API problem that kept it from being gathered. */
export type GatheredEvidence = IdentityEvidence | { target: RegionalTarget; error: string };

/** How details are gathered. */
export interface GatherSettings {
    /** The overall deadline. */
    signal?: AbortSignal;
    /** The wait's control when `--wait` is on. */
    wait?: WaitControl;
    /** Records an API problem and returns it explained. */
    fail: (err: unknown, operation: string) => ApiProblem;
}

/** Gathers the evidence for `targets` in one region. */
export async function gatherDetails(
    client: SESv2Client,
    targets: RegionalTarget[],
    listed: Map<string, ListedIdentity>,
    settings: GatherSettings,
): Promise<GatheredEvidence[]> {
    const { signal, wait, fail } = settings;
    const details = new Map<string, IdentityDetails | undefined>();
    const errors = new Map<string, string>();
    const fetchDetails = async (wanted: RegionalTarget[]) => {
        await mapLimited(wanted, MAX_IN_FLIGHT, async (t) => {
            try {
                details.set(identityKey(t.identity), await getIdentity(client, t.identity, signal));
            } catch (err) {
                errors.set(identityKey(t.identity), fail(err, "GetEmailIdentity").message);
            }
        });
    };
    await fetchDetails(targets.filter((t) => needsDetails(t, listed.get(identityKey(t.identity)))));
    if (wait !== undefined) {
        // Sub-statuses (DKIM, MAIL FROM) can lag the identity's status: re-read only those until the wait deadline.
        for (;;) {
            const lagging = targets.filter((t) => detailsStillMoving(details.get(identityKey(t.identity))) && !errors.has(identityKey(t.identity)));
            const remaining = wait.deadline - Date.now();
            if (lagging.length === 0 || remaining <= 0 || wait.endEarly.signal.aborted) break;
            try {
                if (await pause(Math.min(wait.intervalMs, remaining), wait)) break;
            } catch {
                break;
            }
            await fetchDetails(lagging);
        }
    }
    const setNames = [...new Set([...details.values()].map((d) => d?.ConfigurationSetName).filter((n): n is string => !!n))];
    const configurationSets = new Map<string, boolean>();
    const setErrors = new Map<string, string>();
    for (const name of setNames) {
        try {
            configurationSets.set(name, await configurationSetExists(client, name, signal));
        } catch (err) {
            setErrors.set(name, fail(err, "GetConfigurationSet").message);
        }
    }
    // SES compares addresses exactly: an address it lacks may be one it has in another letter case.
    let byLowerCase: Map<string, string> | undefined;
    const caseVariant = (target: RegionalTarget, found: boolean): string | undefined => {
        if (found || identityKind(target.identity) !== "email-address") return undefined;
        byLowerCase ??= new Map([...listed.values()].filter((l) => identityKind(l.name) === "email-address").map((l) => [l.name.toLowerCase(), l.name]));
        return byLowerCase.get(target.identity.toLowerCase());
    };
    return targets.map((target) => {
        const key = identityKey(target.identity);
        const error = errors.get(key) ?? setErrors.get(details.get(key)?.ConfigurationSetName ?? "");
        if (error !== undefined) return { target, error };
        const variant = caseVariant(target, listed.has(key) || details.get(key) !== undefined);
        return {
            target,
            listed: listed.get(key),
            details: details.get(key),
            fetched: details.has(key),
            configurationSets,
            ...(variant !== undefined ? { caseVariant: variant } : {}),
        };
    });
}

/** True when a verified identity's DKIM or MAIL FROM status is still on its way. */
function detailsStillMoving(d: IdentityDetails | undefined): boolean {
    if (d === undefined || d.VerificationStatus !== "SUCCESS") return false;
    const moving = (s: string | undefined) => s === "PENDING" || s === "TEMPORARY_FAILURE";
    const dkimMoving = d.IdentityType !== "EMAIL_ADDRESS" && moving(d.DkimAttributes?.Status);
    return dkimMoving || moving(d.MailFromAttributes?.MailFromDomainStatus);
}
