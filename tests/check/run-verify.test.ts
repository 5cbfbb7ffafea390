import * as assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { IdentityResult } from "../../check/identity-result";
import { VerifyTarget } from "../../check/verify-target";
import { defaultTokens, FakeIdentity } from "../../testing/sesv2-endpoint";
import { Harness, startHarness } from "./verify-harness";

const target = (identity: string, extra: Partial<VerifyTarget> = {}): VerifyTarget => ({ identity, region: "eu-west-1", source: "test", ...extra });
const check = (r: IdentityResult, name: string) => r.checks.find((c) => c.check === name);

describe("check: runVerify against the SES v2 endpoint", () => {
    let h: Harness | undefined;
    afterEach(async () => {
        await h?.close();
        h = undefined;
    });
    const start = async (identities: FakeIdentity[], options: Parameters<typeof startHarness>[0] = {}, env: Record<string, string> = {}) => {
        h = await startHarness({ identities, ...options }, env);
        return h;
    };

    describe("checks", () => {
        it("passes a verified domain with DKIM signing and exits 0", async () => {
            const report = await (await start([{ name: "example.com", status: "SUCCESS" }])).verify({ targets: [target("example.com")] });
            assert.equal(report.exitCode, 0);
            assert.equal(report.result, "verified");
            const [r] = report.identities;
            assert.deepEqual(
                r.checks.map((c) => [c.check, c.ok]),
                [
                    ["exists", true],
                    ["verification", true],
                    ["sending", true],
                    ["dkim", true],
                ],
            );
        });

        it("fails a PENDING domain, says SES is still looking and lists its DKIM CNAMEs", async () => {
            const report = await (await start([{ name: "example.com", status: "PENDING" }])).verify({ targets: [target("example.com")] });
            assert.equal(report.exitCode, 1);
            const [r] = report.identities;
            assert.equal(check(r, "verification")?.ok, false);
            assert.match(r.explanation.join("\n"), /still looking/);
            const cnames = r.expectedRecords.filter((x) => x.type === "CNAME");
            assert.deepEqual(
                cnames.map((x) => [x.name, x.value]),
                defaultTokens("example.com").map((t) => [`${t}._domainkey.example.com`, `${t}.dkim.amazonses.com`]),
            );
        });

        it("explains a FAILED domain's ErrorType in words", async () => {
            const report = await (
                await start([{ name: "example.com", status: "FAILED", errorType: "TYPE_NOT_FOUND" }])
            ).verify({ targets: [target("example.com")] });
            const text = report.identities[0].explanation.join("\n");
            assert.match(text, /stopped looking after 72 hours/);
            assert.match(text, /TYPE_NOT_FOUND: the names exist but hold no record of the expected type/);
        });

        it("points the expected CNAMEs at the SigningHostedZone SES reports", async () => {
            const report = await (
                await start([{ name: "example.com", status: "PENDING", signingHostedZone: "dkim.eu-south-1.amazonses.com" }])
            ).verify({
                targets: [target("example.com")],
            });
            const values = report.identities[0].expectedRecords.filter((x) => x.type === "CNAME").map((x) => x.value);
            assert.ok(
                values.every((v) => v.endsWith(".dkim.eu-south-1.amazonses.com")),
                values.join(),
            );
        });

        it("asks for the BYODKIM selector's TXT record when DKIM keys are the user's", async () => {
            const report = await (
                await start([{ name: "example.com", status: "PENDING", dkimOrigin: "EXTERNAL", dkimTokens: ["sel2026"] }])
            ).verify({
                targets: [target("example.com")],
            });
            const dkim = report.identities[0].expectedRecords.filter((x) => x.purpose === "byodkim");
            assert.deepEqual(
                dkim.map((x) => [x.type, x.name]),
                [["TXT", "sel2026._domainkey.example.com"]],
            );
        });

        it("fails a verified identity that SES does not let send", async () => {
            const report = await (
                await start([{ name: "example.com", status: "SUCCESS", verifiedForSending: false }])
            ).verify({ targets: [target("example.com")] });
            assert.equal(check(report.identities[0], "sending")?.ok, false);
            assert.equal(report.exitCode, 1);
        });

        it("fails a domain whose DKIM signing is disabled", async () => {
            const report = await (
                await start([{ name: "example.com", status: "SUCCESS", dkimSigningEnabled: false }])
            ).verify({ targets: [target("example.com")] });
            assert.deepEqual(check(report.identities[0], "dkim"), { check: "dkim", ok: false, detail: "SUCCESS, signing disabled" });
            assert.match(report.identities[0].explanation.join(), /signing is disabled/);
        });

        it("fails a MAIL FROM domain that is not yet SUCCESS and lists its MX and SPF records", async () => {
            const report = await (
                await start([{ name: "example.com", status: "SUCCESS", mailFromDomain: "mail.example.com", mailFromStatus: "PENDING" }])
            ).verify({
                targets: [target("example.com")],
            });
            const r = report.identities[0];
            assert.equal(check(r, "mail-from")?.ok, false);
            assert.deepEqual(
                r.expectedRecords.filter((x) => x.purpose.startsWith("mail-from")).map((x) => [x.type, x.value]),
                [
                    ["MX", "10 feedback-smtp.eu-west-1.amazonses.com"],
                    ["TXT", "v=spf1 include:amazonses.com ~all"],
                ],
            );
        });

        it("fails an identity missing the MAIL FROM domain the stack expects", async () => {
            const report = await (
                await start([{ name: "example.com", status: "SUCCESS" }])
            ).verify({ targets: [target("example.com", { mailFromDomain: "bounce.example.com" })] });
            assert.deepEqual(check(report.identities[0], "mail-from"), { check: "mail-from", ok: false, detail: "bounce.example.com expected, none set" });
        });

        it("passes an expected default configuration set that exists", async () => {
            const report = await (
                await start([{ name: "example.com", status: "SUCCESS", configurationSetName: "tx" }], { configurationSets: ["tx"] })
            ).verify({
                targets: [target("example.com", { configurationSetName: "tx" })],
            });
            assert.deepEqual(check(report.identities[0], "configuration-set"), { check: "configuration-set", ok: true, detail: "tx" });
            assert.equal(report.exitCode, 0);
        });

        it("fails a default configuration set other than the expected one", async () => {
            const report = await (
                await start([{ name: "example.com", status: "SUCCESS", configurationSetName: "other" }], { configurationSets: ["other"] })
            ).verify({
                targets: [target("example.com", { configurationSetName: "tx" })],
            });
            assert.deepEqual(check(report.identities[0], "configuration-set"), { check: "configuration-set", ok: false, detail: "other (expected tx)" });
        });

        it("fails a default configuration set that does not exist", async () => {
            const report = await (
                await start([{ name: "example.com", status: "SUCCESS", configurationSetName: "gone" }])
            ).verify({ targets: [target("example.com")] });
            assert.deepEqual(check(report.identities[0], "configuration-set"), { check: "configuration-set", ok: false, detail: "gone (missing)" });
        });

        it("reports an identity SES does not have as NOT_FOUND, not verified", async () => {
            const report = await (await start([])).verify({ targets: [target("missing.example.com")] });
            assert.equal(report.identities[0].status, "NOT_FOUND");
            assert.equal(report.exitCode, 1);
        });

        it("explains that an email address is verified by clicking the link SES mailed", async () => {
            const report = await (await start([{ name: "noreply@example.com", status: "PENDING" }])).verify({ targets: [target("noreply@example.com")] });
            assert.match(report.identities[0].explanation.join(), /mailed a verification link to noreply@example\.com/);
            assert.deepEqual(report.identities[0].expectedRecords, []);
        });

        it("reports the sandbox state of the account", async () => {
            const report = await (
                await start([{ name: "example.com", status: "SUCCESS" }], { accounts: { "eu-west-1": { productionAccessEnabled: false } } })
            ).verify({
                targets: [target("example.com")],
            });
            assert.deepEqual(report.accounts, [
                { region: "eu-west-1", account: { productionAccessEnabled: false, sendingEnabled: true, enforcementStatus: "HEALTHY" } },
            ]);
        });
    });

    describe("regions and sources", () => {
        it("checks every identity of the account in several regions with --all", async () => {
            const report = await (
                await start([
                    { name: "a.example.com", region: "eu-west-1", status: "SUCCESS" },
                    { name: "b.example.com", region: "us-east-1", status: "PENDING" },
                    { name: "c.example.com", region: "ap-south-1", status: "SUCCESS" },
                ])
            ).verify({ all: true, regions: ["eu-west-1", "us-east-1"] });
            assert.deepEqual(report.identities.map((r) => [r.identity, r.region, r.status]).sort(), [
                ["a.example.com", "eu-west-1", "SUCCESS"],
                ["b.example.com", "us-east-1", "PENDING"],
            ]);
            assert.deepEqual([...(h as Harness).ses.regions].sort(), ["eu-west-1", "us-east-1"]);
        });

        it("checks an identity without a region in each --region", async () => {
            const report = await (
                await start([{ name: "example.com", region: "eu-west-1", status: "SUCCESS" }])
            ).verify({
                targets: [{ identity: "example.com", source: "test" }],
                regions: ["eu-west-1", "eu-central-1"],
            });
            assert.deepEqual(report.identities.map((r) => [r.region, r.status]).sort(), [
                ["eu-central-1", "NOT_FOUND"],
                ["eu-west-1", "SUCCESS"],
            ]);
        });

        it("uses the region and credentials of --profile from the config files", async () => {
            h = await startHarness({ identities: [{ name: "example.com", region: "eu-central-1", status: "SUCCESS" }] });
            writeFileSync(h.home.configFile, "[profile ci]\nregion = eu-central-1\n");
            writeFileSync(h.home.credentialsFile, "[ci]\naws_access_key_id = AKIDFROMPROFILE\naws_secret_access_key = s\n");
            delete process.env.AWS_ACCESS_KEY_ID;
            delete process.env.AWS_SECRET_ACCESS_KEY;
            const report = await h.verify({
                targets: [{ identity: "example.com", source: "test" }],
                client: { profile: "ci", maxRps: 1000, requestTimeoutMs: 2000, connectTimeoutMs: 1000 },
            });
            assert.equal(report.exitCode, 0);
            assert.deepEqual([...h.ses.accessKeys], ["AKIDFROMPROFILE"]);
            assert.deepEqual(
                report.identities.map((r) => r.region),
                ["eu-central-1"],
            );
        });
    });
});
