import * as assert from "node:assert/strict";
import { GetAccountCommand, GetConfigurationSetCommand, GetEmailIdentityCommand, ListEmailIdentitiesCommand, SESv2Client } from "@aws-sdk/client-sesv2";
import { FakeIdentity, SesV2Endpoint, startSesV2Endpoint, VerificationErrorType, VerificationStatus } from "../../testing/sesv2-endpoint";

const STATUSES: VerificationStatus[] = ["PENDING", "SUCCESS", "FAILED", "TEMPORARY_FAILURE", "NOT_STARTED"];
const ERROR_TYPES: VerificationErrorType[] = [
    "SERVICE_ERROR",
    "DNS_SERVER_ERROR",
    "HOST_NOT_FOUND",
    "TYPE_NOT_FOUND",
    "INVALID_VALUE",
    "REPLICATION_ACCESS_DENIED",
    "REPLICATION_PRIMARY_NOT_FOUND",
    "REPLICATION_PRIMARY_BYO_DKIM_NOT_SUPPORTED",
    "REPLICATION_REPLICA_AS_PRIMARY_NOT_SUPPORTED",
    "REPLICATION_PRIMARY_INVALID_REGION",
];

function client(ses: SesV2Endpoint, region = "eu-west-1"): SESv2Client {
    return new SESv2Client({
        region,
        endpoint: ses.url,
        maxAttempts: 1,
        credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "secret" },
    });
}

async function errorName(p: Promise<unknown>): Promise<string> {
    try {
        await p;
    } catch (err) {
        return (err as Error).name;
    }
    return "no error";
}

describe("SES v2 endpoint fixture", () => {
    let ses: SesV2Endpoint;
    afterEach(async () => ses.close());

    it("serves every VerificationStatus and ErrorType through GetEmailIdentity as the SDK parses them", async () => {
        const identities: FakeIdentity[] = [
            ...STATUSES.map((status) => ({ name: `${status.toLowerCase().replace("_", "-")}.example.com`, region: "eu-west-1", status })),
            ...ERROR_TYPES.map((errorType) => ({
                name: `${errorType.toLowerCase().replace(/_/g, "-")}.example.com`,
                region: "eu-west-1",
                status: "FAILED" as const,
                errorType,
            })),
        ];
        ses = await startSesV2Endpoint({ identities });
        const c = client(ses);
        for (const id of identities) {
            const out = await c.send(new GetEmailIdentityCommand({ EmailIdentity: id.name }));
            assert.equal(out.VerificationStatus, id.status);
            assert.equal(out.VerificationInfo?.ErrorType, id.errorType);
            assert.ok(out.VerificationInfo?.LastCheckedTimestamp instanceof Date);
            assert.equal(out.DkimAttributes?.Tokens?.length, 3);
        }
    });

    it("reports MAIL FROM, configuration set, hosted zone and BYODKIM origin as scripted", async () => {
        ses = await startSesV2Endpoint({
            identities: [
                {
                    name: "example.com",
                    region: "eu-west-1",
                    status: "SUCCESS",
                    mailFromDomain: "mail.example.com",
                    mailFromStatus: "PENDING",
                    configurationSetName: "tx",
                    signingHostedZone: "dkim.eu-west-1.amazonses.com",
                    dkimOrigin: "EXTERNAL",
                    dkimTokens: ["sel1"],
                },
            ],
        });
        const out = await client(ses).send(new GetEmailIdentityCommand({ EmailIdentity: "example.com" }));
        assert.deepEqual(out.MailFromAttributes, {
            MailFromDomain: "mail.example.com",
            MailFromDomainStatus: "PENDING",
            BehaviorOnMxFailure: "USE_DEFAULT_VALUE",
        });
        assert.equal(out.ConfigurationSetName, "tx");
        assert.equal(out.DkimAttributes?.SigningHostedZone, "dkim.eu-west-1.amazonses.com");
        assert.equal(out.DkimAttributes?.SigningAttributesOrigin, "EXTERNAL");
        assert.deepEqual(out.DkimAttributes?.Tokens, ["sel1"]);
    });

    it("decodes URL-encoded email address identities in the path", async () => {
        ses = await startSesV2Endpoint({ identities: [{ name: "noreply@example.com", region: "eu-west-1", status: "PENDING" }] });
        const out = await client(ses).send(new GetEmailIdentityCommand({ EmailIdentity: "noreply@example.com" }));
        assert.equal(out.IdentityType, "EMAIL_ADDRESS");
        assert.equal(out.VerifiedForSendingStatus, false);
    });

    it("answers 404 NotFoundException for an unknown identity", async () => {
        ses = await startSesV2Endpoint();
        assert.equal(await errorName(client(ses).send(new GetEmailIdentityCommand({ EmailIdentity: "nope.example.com" }))), "NotFoundException");
    });

    it("pages ListEmailIdentities on the POST route the SDK uses", async () => {
        ses = await startSesV2Endpoint({
            identities: Array.from({ length: 5 }, (_, i) => ({ name: `d${i}.example.com`, region: "eu-west-1", status: "SUCCESS" as const })),
        });
        const names: string[] = [];
        let token: string | undefined;
        do {
            const page = await client(ses).send(new ListEmailIdentitiesCommand({ PageSize: 2, NextToken: token }));
            names.push(...(page.EmailIdentities ?? []).map((e) => e.IdentityName as string));
            token = page.NextToken;
        } while (token);
        assert.deepEqual(names, ["d0.example.com", "d1.example.com", "d2.example.com", "d3.example.com", "d4.example.com"]);
        assert.deepEqual(ses.listRoutes, { post: 3, get: 0 });
    });

    it("pages ListEmailIdentities on the older GET route with query parameters", async () => {
        ses = await startSesV2Endpoint({ identities: Array.from({ length: 3 }, (_, i) => ({ name: `d${i}.example.com`, status: "PENDING" as const })) });
        const first = (await (await fetch(`${ses.url}/v2/email/identities?PageSize=2`)).json()) as { EmailIdentities: unknown[]; NextToken: string };
        assert.equal(first.EmailIdentities.length, 2);
        const second = (await (await fetch(`${ses.url}/v2/email/identities?PageSize=2&NextToken=${encodeURIComponent(first.NextToken)}`)).json()) as {
            EmailIdentities: Array<{ IdentityName: string; VerificationStatus: string }>;
            NextToken?: string;
        };
        assert.deepEqual(
            second.EmailIdentities.map((e) => [e.IdentityName, e.VerificationStatus]),
            [["d2.example.com", "PENDING"]],
        );
        assert.equal(second.NextToken, undefined);
        assert.equal(ses.listRoutes.get, 2);
    });

    it("rejects a PageSize above 1000 with BadRequestException", async () => {
        ses = await startSesV2Endpoint();
        assert.equal(await errorName(client(ses).send(new ListEmailIdentitiesCommand({ PageSize: 1001 }))), "BadRequestException");
    });

    it("keeps each region's identities apart, reading the region from the SigV4 scope", async () => {
        ses = await startSesV2Endpoint({
            identities: [
                { name: "a.example.com", region: "eu-west-1", status: "SUCCESS" },
                { name: "b.example.com", region: "us-east-1", status: "SUCCESS" },
            ],
        });
        const eu = await client(ses, "eu-west-1").send(new ListEmailIdentitiesCommand({}));
        const us = await client(ses, "us-east-1").send(new ListEmailIdentitiesCommand({}));
        assert.deepEqual(
            eu.EmailIdentities?.map((e) => e.IdentityName),
            ["a.example.com"],
        );
        assert.deepEqual(
            us.EmailIdentities?.map((e) => e.IdentityName),
            ["b.example.com"],
        );
    });

    it("moves an identity to its next state after the scripted number of polls", async () => {
        ses = await startSesV2Endpoint({
            identities: [{ name: "example.com", region: "eu-west-1", status: "PENDING", transitions: [{ afterPolls: 2, status: "SUCCESS" }] }],
        });
        const statuses: string[] = [];
        for (let i = 0; i < 3; i++)
            statuses.push(((await client(ses).send(new ListEmailIdentitiesCommand({}))).EmailIdentities ?? [])[0].VerificationStatus as string);
        assert.deepEqual(statuses, ["PENDING", "PENDING", "SUCCESS"]);
    });

    it("moves an identity to its next state after the scripted time", async () => {
        ses = await startSesV2Endpoint({
            identities: [
                { name: "example.com", region: "eu-west-1", status: "PENDING", transitions: [{ afterMs: 100, status: "FAILED", errorType: "HOST_NOT_FOUND" }] },
            ],
        });
        const before = await client(ses).send(new GetEmailIdentityCommand({ EmailIdentity: "example.com" }));
        await new Promise((r) => setTimeout(r, 150));
        const after = await client(ses).send(new GetEmailIdentityCommand({ EmailIdentity: "example.com" }));
        assert.deepEqual([before.VerificationStatus, after.VerificationStatus, after.VerificationInfo?.ErrorType], ["PENDING", "FAILED", "HOST_NOT_FOUND"]);
    });

    it("answers queued faults with the modelled error names and counts them per operation", async () => {
        ses = await startSesV2Endpoint();
        const c = client(ses);
        ses.failNext("access-denied", 1, "GetAccount");
        ses.failNext("throttle");
        ses.failNext("server-error");
        ses.failNext("unavailable");
        assert.equal(await errorName(c.send(new GetAccountCommand({}))), "AccessDeniedException");
        assert.equal(await errorName(c.send(new ListEmailIdentitiesCommand({}))), "TooManyRequestsException");
        assert.equal(await errorName(c.send(new ListEmailIdentitiesCommand({}))), "InternalServiceErrorException");
        assert.equal(await errorName(c.send(new ListEmailIdentitiesCommand({}))), "ServiceUnavailable");
        assert.equal((await c.send(new GetAccountCommand({}))).ProductionAccessEnabled, true);
        assert.deepEqual({ ...ses.counts }, { GetEmailIdentity: 0, ListEmailIdentities: 3, GetAccount: 2, GetConfigurationSet: 0 });
        assert.equal(ses.throttled, 1);
    });

    it("stalls a response until the client gives up", async () => {
        ses = await startSesV2Endpoint();
        ses.failNext("stall");
        await assert.rejects(fetch(`${ses.url}/v2/email/account`, { signal: AbortSignal.timeout(200) }), { name: "TimeoutError" });
        assert.equal(ses.counts.GetAccount, 1);
    });

    it("answers 429 beyond its token bucket", async () => {
        ses = await startSesV2Endpoint({ rateLimit: { rps: 1, burst: 2 } });
        const names = [];
        for (let i = 0; i < 3; i++) names.push(await errorName(client(ses).send(new GetAccountCommand({}))));
        assert.deepEqual(names, ["no error", "no error", "TooManyRequestsException"]);
        assert.equal(ses.throttled, 1);
    });

    it("keeps email addresses apart by case and domains together, as SES does", async () => {
        ses = await startSesV2Endpoint({
            defaultRegion: "eu-west-1",
            identities: [
                { name: "Ops@example.com", status: "SUCCESS" },
                { name: "example.com", status: "SUCCESS" },
            ],
        });
        assert.equal(await errorName(client(ses).send(new GetEmailIdentityCommand({ EmailIdentity: "ops@example.com" }))), "NotFoundException");
        assert.equal((await client(ses).send(new GetEmailIdentityCommand({ EmailIdentity: "Ops@example.com" }))).VerificationStatus, "SUCCESS");
        assert.equal((await client(ses).send(new GetEmailIdentityCommand({ EmailIdentity: "EXAMPLE.com" }))).VerificationStatus, "SUCCESS");
    });

    it("adds scripted extra List entries and can page with a repeating or endless NextToken", async () => {
        ses = await startSesV2Endpoint({
            defaultRegion: "eu-west-1",
            identities: [{ name: "a.example.com", status: "PENDING" }],
            listQuirks: { extraEntries: [{ name: "A.example.com", status: "SUCCESS" }] },
        });
        const page = await client(ses).send(new ListEmailIdentitiesCommand({ PageSize: 1000 }));
        assert.deepEqual(
            page.EmailIdentities?.map((e) => [e.IdentityName, e.VerificationStatus]),
            [
                ["a.example.com", "PENDING"],
                ["A.example.com", "SUCCESS"],
            ],
        );
        await ses.close();
        ses = await startSesV2Endpoint({ listQuirks: { repeatToken: true } });
        const first = await client(ses, "us-east-1").send(new ListEmailIdentitiesCommand({}));
        const second = await client(ses, "us-east-1").send(new ListEmailIdentitiesCommand({ NextToken: first.NextToken }));
        assert.equal(second.NextToken, first.NextToken);
        await ses.close();
        ses = await startSesV2Endpoint({ listQuirks: { endless: true } });
        const a = await client(ses, "us-east-1").send(new ListEmailIdentitiesCommand({}));
        const b = await client(ses, "us-east-1").send(new ListEmailIdentitiesCommand({ NextToken: a.NextToken }));
        assert.ok(a.NextToken && b.NextToken && a.NextToken !== b.NextToken);
    });

    it("cuts the connection on a reset, trickles an answer byte by byte, and sends a body past 9 MiB", async () => {
        ses = await startSesV2Endpoint();
        ses.failNext("reset");
        await assert.rejects(fetch(`${ses.url}/v2/email/account`), TypeError);
        ses.failNext("trickle");
        const started = Date.now();
        const trickled = await fetch(`${ses.url}/v2/email/configuration-sets/x`);
        assert.equal(trickled.status, 404);
        assert.deepEqual(await trickled.json(), { message: "Configuration set <x> does not exist." });
        assert.ok(Date.now() - started > 1000, "one byte every 50 ms");
        ses.failNext("huge-body");
        const huge = await (await fetch(`${ses.url}/v2/email/account`)).arrayBuffer();
        assert.ok(huge.byteLength > 9 * 2 ** 20);
    });

    it("reports the sandbox per region and finds configuration sets", async () => {
        ses = await startSesV2Endpoint({
            accounts: { "eu-west-1": { productionAccessEnabled: false } },
            configurationSets: [{ name: "tx", region: "eu-west-1" }],
        });
        assert.equal((await client(ses).send(new GetAccountCommand({}))).ProductionAccessEnabled, false);
        assert.equal((await client(ses).send(new GetConfigurationSetCommand({ ConfigurationSetName: "tx" }))).ConfigurationSetName, "tx");
        assert.equal(await errorName(client(ses, "us-east-1").send(new GetConfigurationSetCommand({ ConfigurationSetName: "tx" }))), "NotFoundException");
    });
});
