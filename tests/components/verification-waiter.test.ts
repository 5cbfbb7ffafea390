import * as assert from "node:assert/strict";
import { createRequire } from "node:module";
import * as pulumi from "@pulumi/pulumi";
import { ComponentArgumentError, route53Dns, VerifiedDomain, VerifiedEmailAddress } from "../../components";
import { verificationWaiterProvider } from "../../components/verification-waiter";
import { awsTestEnv, makeAwsHome, useProcessEnv } from "../../testing/aws-test-env";
import { defaultTokens, startSesV2Endpoint } from "../../testing/sesv2-endpoint";
import { only, runProgram, UNKNOWN } from "./captured";

const WAITER = "pulumi-nodejs:dynamic/ses-guard:VerificationWaiter";
const IDENTITY = "aws:sesv2/emailIdentity:EmailIdentity";
const RECORD = "aws:route53/record:Record";
const EU_WEST_1 = { "aws:region": "eu-west-1" };

/** The dynamic provider as Pulumi's dynamic provider host runs it: serialized, then loaded from its text alone. */
async function providerAsTheHostLoadsIt(): Promise<{ text: string; provider: pulumi.dynamic.ResourceProvider }> {
    // What @pulumi/pulumi's dynamic.Resource stores as __provider (dynamic/index.js, serializeFunctionMaybeSecret) ...
    const serialized = await pulumi.runtime.serializeFunction(() => verificationWaiterProvider, { allowSecrets: true });
    // ... and how cmd/dynamic-provider loads it (getProvider: requireFromString(text).handler()).
    const requireFromString = createRequire(require.resolve("@pulumi/pulumi/cmd/dynamic-provider"))("require-from-string") as (code: string) => {
        handler: () => pulumi.dynamic.ResourceProvider;
    };
    return { text: serialized.text, provider: requireFromString(serialized.text).handler() };
}

/** The waiter's inputs as the component sets them, for an identity in eu-west-1. */
function inputs(identity: string) {
    return {
        identity,
        region: "eu-west-1",
        identityArn: `arn:aws:ses:eu-west-1:123456789012:identity/${identity}`,
        timeoutMs: 5_000,
        pollIntervalMs: 20,
        maxRps: 1000,
        requestTimeoutMs: 2_000,
        connectTimeoutMs: 1_000,
    };
}

describe("components: the verification waiter (waitForVerification)", () => {
    it("VerifiedDomain declares a waiter after its identity and DNS records, and exposes its ARN as verifiedIdentityArn", async () => {
        const run = await runProgram(
            () => {
                const mail = new VerifiedDomain("mail", {
                    domain: "example.com",
                    dns: route53Dns({ zoneId: "Z0ABC" }),
                    waitForVerification: { timeoutMinutes: 30 },
                });
                return { arn: mail.verifiedIdentityArn };
            },
            { preview: false, config: EU_WEST_1 },
        );
        const waiter = only(run, WAITER, "mail-verified");
        assert.equal(waiter.parent, "urn:pulumi:stack::project::ses-guard:index:VerifiedDomain::mail");
        const identity = only(run, IDENTITY, "mail");
        const records = run.resources.filter((r) => r.type === RECORD).map((r) => r.urn);
        assert.equal(records.length, 3);
        assert.deepEqual([...waiter.dependencies].sort(), [identity.urn, ...records].sort(), "created after the identity and every record");
        const { __provider, ...rest } = waiter.inputs;
        assert.deepEqual(rest, {
            identity: "example.com",
            region: "eu-west-1",
            identityArn: "arn:aws:ses:eu-west-1:123456789012:identity/example.com",
            timeoutMs: 1_800_000,
            pollIntervalMs: 15_000,
            maxRps: 50,
            requestTimeoutMs: 10_000,
            connectTimeoutMs: 5_000,
        });
        assert.match(String(__provider), /require\("ses-guard"\)/, "the provider reaches ses-guard by name");
        assert.equal(run.stackOutputs?.arn, "arn:aws:ses:eu-west-1:123456789012:identity/example.com");
    });

    it("leaves the ARN unknown in a preview, where the engine never runs the waiter's create", async () => {
        const run = await runProgram(
            () => {
                const mail = new VerifiedDomain("mail", { domain: "example.com", dns: false, waitForVerification: true });
                return { arn: mail.verifiedIdentityArn };
            },
            { preview: true, config: EU_WEST_1 },
        );
        assert.equal(only(run, WAITER, "mail-verified").inputs.identityArn, UNKNOWN);
        assert.equal(run.stackOutputs?.arn, undefined, "unknown outputs are left out of a preview's stack outputs");
    });

    it("is declared only when asked for", async () => {
        const run = await runProgram(
            () => {
                const mail = new VerifiedDomain("mail", { domain: "example.com", dns: false, waitForVerification: false });
                new VerifiedEmailAddress("ops", { address: "ops@example.com", verifiedDomain: mail });
            },
            { preview: false, config: EU_WEST_1 },
        );
        assert.deepEqual(
            run.resources.filter((r) => r.type === WAITER),
            [],
        );
    });

    it("VerifiedEmailAddress waits after the VerifiedDomain that verifies it", async () => {
        const run = await runProgram(
            () => {
                const mail = new VerifiedDomain("mail", { domain: "example.com", dns: false });
                new VerifiedEmailAddress("ops", { address: "ops@example.com", verifiedDomain: mail, waitForVerification: { pollIntervalSeconds: 5 } });
            },
            { preview: false, config: EU_WEST_1 },
        );
        const waiter = only(run, WAITER, "ops-verified");
        // Depending on a component is depending on its children.
        assert.ok(waiter.dependencies.includes(only(run, IDENTITY, "mail").urn), waiter.dependencies.join("\n"));
        assert.ok(waiter.dependencies.includes(only(run, IDENTITY, "ops").urn));
        assert.equal(waiter.inputs.identity, "ops@example.com");
        assert.equal(waiter.inputs.pollIntervalMs, 5_000);
    });

    it("refuses options it cannot honour, naming the argument", () => {
        assert.throws(
            () => new VerifiedDomain("mail", { domain: "example.com", dns: false, waitForVerification: { timeoutMinutes: 5000 } }),
            (err: unknown) =>
                err instanceof ComponentArgumentError &&
                err.field === "args.waitForVerification.timeoutMinutes" &&
                /72 hours, after which SES stops looking/.test(err.message),
        );
        assert.throws(
            () => new VerifiedEmailAddress("ops", { address: "ops@example.com", waitForVerification: { pollIntervalSeconds: 0 } }),
            (err: unknown) => err instanceof ComponentArgumentError && err.field === "args.waitForVerification.pollIntervalSeconds",
        );
    });

    describe("its provider, serialized and loaded as Pulumi's dynamic provider host does", () => {
        let close: (() => Promise<void>) | undefined;
        afterEach(async () => {
            await close?.();
            close = undefined;
        });

        async function endpoint(identities: Parameters<typeof startSesV2Endpoint>[0]) {
            const ses = await startSesV2Endpoint({ defaultRegion: "eu-west-1", ...identities });
            const home = makeAwsHome();
            const restore = useProcessEnv(awsTestEnv(ses.url, home, { AWS_MAX_ATTEMPTS: "2" }));
            close = async () => {
                restore();
                home.remove();
                await ses.close();
            };
            return ses;
        }

        it("carries no code of ses-guard's own: it loads ses-guard and the SDK by name", async () => {
            const { text } = await providerAsTheHostLoadsIt();
            assert.match(text, /require\("ses-guard"\)/);
            assert.doesNotMatch(text, /GetEmailIdentityCommand|createSesClient|AdaptiveRate/, "check/ is not serialized by value");
        });

        it("creates once SES has verified the identity, waiting through PENDING", async () => {
            const ses = await endpoint({ identities: [{ name: "example.com", status: "PENDING", transitions: [{ afterPolls: 2, status: "SUCCESS" }] }] });
            const { provider } = await providerAsTheHostLoadsIt();
            const created = await provider.create(inputs("example.com"));
            assert.equal(created.id, "eu-west-1/example.com");
            assert.equal(created.outs.identityArn, "arn:aws:ses:eu-west-1:123456789012:identity/example.com");
            assert.equal(created.outs.status, "SUCCESS");
            assert.equal(created.outs.dkimStatus, "SUCCESS");
            assert.equal(ses.counts.GetEmailIdentity, 3);
        });

        it("fails the create with the records SES could not find", async () => {
            await endpoint({ identities: [{ name: "example.com", status: "FAILED", errorType: "TYPE_NOT_FOUND" }] });
            const { provider } = await providerAsTheHostLoadsIt();
            await assert.rejects(provider.create(inputs("example.com")), (err: Error) => {
                assert.match(err.message, /SES has not verified example\.com in eu-west-1 for sending and no wait can change that/);
                assert.match(err.message, /TYPE_NOT_FOUND/);
                assert.ok(err.message.includes(`CNAME ${defaultTokens("example.com")[0]}._domainkey.example.com ->`), err.message);
                return true;
            });
        });

        it("replaces the waiter (and waits again) only for another identity, asking SES nothing to diff", async () => {
            const ses = await endpoint({});
            const { provider } = await providerAsTheHostLoadsIt();
            const olds = { ...inputs("example.com"), status: "SUCCESS", dkimStatus: "SUCCESS", verifiedAt: "2026-12-06T08:00:00.000Z" };
            assert.deepEqual(await provider.diff?.("id", olds, { ...inputs("example.com"), timeoutMs: 60_000 }), {
                changes: false,
                replaces: [],
                deleteBeforeReplace: false,
            });
            const other = await provider.diff?.("id", olds, {
                ...inputs("example.com"),
                identityArn: "arn:aws:ses:eu-west-1:123456789012:identity/example.com-2",
            });
            assert.deepEqual(other?.replaces, ["identityArn"]);
            assert.equal(ses.totalRequests(), 0);
        });
    });
});
