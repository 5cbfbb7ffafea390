import * as assert from "node:assert/strict";
import { VerifyTarget } from "../../check/verify-target";
import { FakeIdentity } from "../../testing/sesv2-endpoint";
import { Harness, startHarness } from "./verify-harness";

const target = (identity: string, extra: Partial<VerifyTarget> = {}): VerifyTarget => ({ identity, region: "eu-west-1", source: "test", ...extra });

describe("check: API calls spent", () => {
    let h: Harness | undefined;
    afterEach(async () => {
        await h?.close();
        h = undefined;
    });

    it("spends 1 List and a Get only for the identities that need details (50 domains, 50 verified addresses)", async () => {
        const domains: FakeIdentity[] = Array.from({ length: 50 }, (_, i) => ({ name: `d${i}.example.com`, status: "SUCCESS" }));
        const addresses: FakeIdentity[] = Array.from({ length: 50 }, (_, i) => ({ name: `user${i}@example.com`, status: "SUCCESS" }));
        h = await startHarness({ identities: [...domains, ...addresses] });
        const report = await h.verify({ targets: [...domains, ...addresses].map((d) => target(d.name)) });
        assert.equal(report.exitCode, 0);
        assert.deepEqual({ ...h.ses.counts }, { ListEmailIdentities: 1, GetEmailIdentity: 50, GetAccount: 1, GetConfigurationSet: 0 });
        assert.deepEqual(report.calls, { total: 52, byOperation: { GetAccount: 1, ListEmailIdentities: 1, GetEmailIdentity: 50 }, throttled: 0, retries: 0 });
    });

    it("spends a Get on an address only when it is not verified or has expectations", async () => {
        h = await startHarness({
            identities: [
                { name: "a@example.com", status: "SUCCESS" },
                { name: "b@example.com", status: "PENDING" },
                { name: "c@example.com", status: "SUCCESS", configurationSetName: "tx" },
            ],
            configurationSets: ["tx"],
        });
        await h.verify({ targets: [target("a@example.com"), target("b@example.com"), target("c@example.com", { configurationSetName: "tx" })] });
        assert.equal(h.ses.counts.GetEmailIdentity, 2);
        assert.equal(h.ses.counts.GetConfigurationSet, 1);
    });

    it("spends no Get on identities missing from the List", async () => {
        h = await startHarness({});
        await h.verify({ targets: [target("a.example.com"), target("b.example.com")] });
        assert.equal(h.ses.counts.GetEmailIdentity, 0);
    });

    it("pages List at 1000: 1500 identities cost 2 List calls per poll", async () => {
        const many: FakeIdentity[] = Array.from({ length: 1500 }, (_, i) => ({ name: `u${i}@example.com`, status: "SUCCESS" }));
        h = await startHarness({ identities: many });
        const report = await h.verify({ all: true, regions: ["eu-west-1"] });
        assert.equal(report.identities.length, 1500);
        assert.equal(h.ses.counts.ListEmailIdentities, 2);
        assert.equal(h.ses.counts.GetEmailIdentity, 0);
    });

    it("checks an identity named twice once", async () => {
        h = await startHarness({ identities: [{ name: "example.com", status: "SUCCESS", configurationSetName: "tx" }], configurationSets: ["tx"] });
        const report = await h.verify({ targets: [target("example.com"), target("EXAMPLE.com", { configurationSetName: "tx" })] });
        assert.equal(report.identities.length, 1);
        assert.equal(h.ses.counts.GetEmailIdentity, 1);
        assert.ok(report.identities[0].checks.some((c) => c.check === "configuration-set" && c.ok));
    });

    it("keeps under --max-rps: a limit the cap respects is never throttled", async () => {
        const ids: FakeIdentity[] = Array.from({ length: 8 }, (_, i) => ({ name: `d${i}.example.com`, status: "SUCCESS" }));
        h = await startHarness({ identities: ids, rateLimit: { rps: 40, burst: 2 } });
        const report = await h.verify({
            targets: ids.map((d) => target(d.name)),
            client: { maxRps: 40, startRps: 1000, requestTimeoutMs: 2000, connectTimeoutMs: 1000 },
        });
        assert.equal(h.ses.throttled, 0);
        assert.equal(report.calls.throttled, 0);
        assert.equal(report.exitCode, 0);
    });

    it("finds a rate limit it is not told about: throttled answers cost time, every identity is still checked", async function () {
        this.timeout(60_000); // the real slow start against a 10/s limit takes about 10 s: more than the unit set's default
        const ids: FakeIdentity[] = Array.from({ length: 60 }, (_, i) => ({ name: `d${i}.example.com`, status: "SUCCESS" }));
        h = await startHarness({ identities: ids, rateLimit: { rps: 10, burst: 1 } });
        // The real start: 1/s, doubling every second until SES first throttles.
        const report = await h.verify({
            targets: ids.map((d) => target(d.name)),
            client: { maxRps: 1000, startRps: undefined, requestTimeoutMs: 2000, connectTimeoutMs: 1000 },
        });
        assert.equal(report.exitCode, 0, report.errors.join("\n"));
        assert.deepEqual(new Set(report.identities.map((r) => r.status)), new Set(["SUCCESS"]));
        assert.ok(h.ses.throttled > 0, "the limit was hit");
        assert.equal(report.calls.throttled, h.ses.throttled);
    });
});
