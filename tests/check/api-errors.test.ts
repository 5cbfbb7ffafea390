import * as assert from "node:assert/strict";
import { VerifyTarget } from "../../check/verify-target";
import { Harness, startHarness } from "./verify-harness";

const target = (identity: string): VerifyTarget => ({ identity, region: "eu-west-1", source: "test" });

describe("check: API failures fail closed", () => {
    let h: Harness | undefined;
    afterEach(async () => {
        await h?.close();
        h = undefined;
    });

    it("exits 2 on 403 AccessDeniedException and reports no identity as verified", async () => {
        h = await startHarness({ identities: [{ name: "example.com", status: "SUCCESS" }] });
        h.ses.failNext("access-denied", 1, "ListEmailIdentities");
        const report = await h.verify({ targets: [target("example.com")] });
        assert.equal(report.exitCode, 2);
        assert.equal(report.identities[0].status, "ERROR");
        assert.equal(report.identities[0].verified, false);
        assert.match(report.errors.join("\n"), /ListEmailIdentities in eu-west-1: access denied \(AccessDeniedException\).*ses:ListEmailIdentities/);
        assert.equal(h.ses.counts.ListEmailIdentities, 1, "403 is not retried");
    });

    it("reports the sandbox state as unknown when GetAccount is denied, without failing verified identities", async () => {
        h = await startHarness({ identities: [{ name: "example.com", status: "SUCCESS" }] });
        h.ses.failNext("access-denied", 1, "GetAccount");
        const report = await h.verify({ targets: [target("example.com")] });
        assert.equal(report.exitCode, 0);
        assert.match(report.accounts[0].error ?? "", /GetAccount in eu-west-1: access denied/);
    });

    it("exits 2 when one GetEmailIdentity is denied, keeping the other identities' results", async () => {
        h = await startHarness({
            identities: [
                { name: "a.example.com", status: "SUCCESS" },
                { name: "b.example.com", status: "SUCCESS" },
            ],
        });
        h.ses.failNext("access-denied", 1, "GetEmailIdentity");
        const report = await h.verify({ targets: [target("a.example.com"), target("b.example.com")] });
        assert.equal(report.exitCode, 2);
        assert.deepEqual(report.identities.map((r) => r.status).sort(), ["ERROR", "SUCCESS"]);
    });

    it("lets the SDK retry a 429 and counts the throttled answer", async () => {
        h = await startHarness({ identities: [{ name: "example.com", status: "SUCCESS" }] });
        h.ses.failNext("throttle", 1, "ListEmailIdentities");
        const report = await h.verify({ targets: [target("example.com")] });
        assert.equal(report.exitCode, 0);
        assert.equal(report.calls.throttled, 1);
        assert.equal(report.calls.retries, 1);
        assert.equal(report.calls.byOperation.ListEmailIdentities, 2);
    });

    it("keeps sending a call SES still throttles after the SDK's own attempts: throttling costs time, not a verdict", async () => {
        h = await startHarness({ identities: [{ name: "example.com", status: "SUCCESS" }] });
        h.ses.failNext("throttle", 3, "ListEmailIdentities");
        const report = await h.verify({ targets: [target("example.com")] });
        assert.equal(report.exitCode, 0, report.errors.join("\n"));
        assert.equal(report.calls.throttled, 3);
        assert.equal(report.calls.byOperation.ListEmailIdentities, 4);
        assert.equal(report.calls.retries, 3);
    });

    it("exits 2 when SES throttles until the overall deadline, naming the deadline", async () => {
        h = await startHarness({ identities: [{ name: "example.com", status: "SUCCESS" }] });
        h.ses.failNext("throttle", 10_000, "ListEmailIdentities");
        const report = await h.verify({ targets: [target("example.com")], timeoutMs: 1500 });
        assert.equal(report.exitCode, 2);
        assert.equal(report.identities[0].status, "ERROR");
        assert.match(report.errors.join(), /ListEmailIdentities in eu-west-1: .*deadline.*raise --timeout/);
    });

    it("retries a 500 and passes when SES recovers", async () => {
        h = await startHarness({ identities: [{ name: "example.com", status: "SUCCESS" }] });
        h.ses.failNext("server-error", 1, "GetEmailIdentity");
        const report = await h.verify({ targets: [target("example.com")] });
        assert.equal(report.exitCode, 0);
        assert.equal(h.ses.counts.GetEmailIdentity, 2);
    });

    it("exits 2 on a 503 that does not go away", async () => {
        h = await startHarness({ identities: [{ name: "example.com", status: "SUCCESS" }] });
        h.ses.failNext("unavailable", 2, "GetEmailIdentity");
        const report = await h.verify({ targets: [target("example.com")] });
        assert.equal(report.exitCode, 2);
        assert.match(report.errors.join(), /SES answered 503 ServiceUnavailable/);
    });

    it("abandons a stalled request after the per-request timeout and exits 2", async () => {
        h = await startHarness({ identities: [{ name: "example.com", status: "SUCCESS" }] });
        h.ses.failNext("stall", 2, "GetEmailIdentity");
        const report = await h.verify({ targets: [target("example.com")], client: { maxRps: 1000, requestTimeoutMs: 150, connectTimeoutMs: 1000 } });
        assert.equal(report.exitCode, 2);
        assert.match(report.errors.join(), /GetEmailIdentity in eu-west-1: no answer in time/);
        assert.equal(report.identities[0].verified, false);
    });

    it("stops at the overall deadline even when every request stalls and retries are many", async () => {
        h = await startHarness({ identities: [{ name: "example.com", status: "SUCCESS" }] }, { AWS_MAX_ATTEMPTS: "10" });
        h.ses.failNext("stall", 100);
        const report = await h.verify({
            targets: [target("example.com")],
            timeoutMs: 300,
            client: { maxRps: 1000, requestTimeoutMs: 10_000, connectTimeoutMs: 1000 },
        });
        assert.equal(report.exitCode, 2);
        assert.match(report.errors.join("\n"), /deadline/);
        assert.equal(report.identities[0].verified, false);
    });

    it("cuts off stalled GetEmailIdentity calls at the overall deadline too", async () => {
        h = await startHarness({ identities: [{ name: "example.com", status: "SUCCESS" }] }, { AWS_MAX_ATTEMPTS: "10" });
        h.ses.failNext("stall", 100, "GetEmailIdentity");
        const report = await h.verify({
            targets: [target("example.com")],
            timeoutMs: 300,
            client: { maxRps: 1000, requestTimeoutMs: 10_000, connectTimeoutMs: 1000 },
        });
        assert.equal(report.exitCode, 2);
        assert.match(report.errors.join("\n"), /GetEmailIdentity in eu-west-1: .*deadline/);
    });

    it("exits 2 with a credentials message when no credentials can be found", async () => {
        h = await startHarness({ identities: [{ name: "example.com", status: "SUCCESS" }] });
        delete process.env.AWS_ACCESS_KEY_ID;
        delete process.env.AWS_SECRET_ACCESS_KEY;
        const report = await h.verify({ targets: [target("example.com")] });
        assert.equal(report.exitCode, 2);
        assert.match(report.errors.join(), /no usable AWS credentials/);
        assert.equal(h.ses.totalRequests(), 0);
    });
    for (const errorType of ["ExpiredTokenException", "UnrecognizedClientException", "SignatureDoesNotMatch"]) {
        it(`says the credentials are expired or wrong on ${errorType}, not that they lack a permission`, async () => {
            h = await startHarness({ identities: [{ name: "example.com", status: "SUCCESS" }] });
            h.ses.failNext({ status: 403, errorType, message: "The security token included in the request is invalid" }, 1, "ListEmailIdentities");
            const report = await h.verify({ targets: [target("example.com")] });
            assert.equal(report.exitCode, 2);
            assert.match(report.errors.join(), new RegExp(`ListEmailIdentities in eu-west-1: the AWS credentials are expired or wrong \\(${errorType}\\)`));
            assert.doesNotMatch(report.errors.join(), /need ses:/);
        });
    }
});
