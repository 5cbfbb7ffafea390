import * as assert from "node:assert/strict";
import { VerificationWaitError, waitUntilVerified, WaitUntilVerifiedOptions } from "../../check/wait-until-verified";
import { awsTestEnv, makeAwsHome, useProcessEnv } from "../../testing/aws-test-env";
import { defaultTokens, FakeIdentity, SesV2Endpoint, startSesV2Endpoint } from "../../testing/sesv2-endpoint";

/** Starts the local SES v2 endpoint with `identities` and points the real SDK at it; returns it and a cleanup. */
async function endpoint(identities: FakeIdentity[]): Promise<{ ses: SesV2Endpoint; close: () => Promise<void> }> {
    const ses = await startSesV2Endpoint({ defaultRegion: "eu-west-1", identities });
    const home = makeAwsHome();
    const restore = useProcessEnv(awsTestEnv(ses.url, home, { AWS_MAX_ATTEMPTS: "2" }));
    return {
        ses,
        close: async () => {
            restore();
            home.remove();
            await ses.close();
        },
    };
}

/** Waits for `identity` in eu-west-1 with short intervals, collecting the progress lines. */
async function wait(
    identity: string,
    options: Partial<WaitUntilVerifiedOptions> = {},
): Promise<{ result: Awaited<ReturnType<typeof waitUntilVerified>>; log: string[] }> {
    const log: string[] = [];
    const result = await waitUntilVerified({
        identity,
        region: "eu-west-1",
        timeoutMs: 10_000,
        pollIntervalMs: 20,
        client: { maxRps: 1000, startRps: 1000, requestTimeoutMs: 2_000, connectTimeoutMs: 1_000 },
        log: (m) => log.push(m),
        ...options,
    });
    return { result, log };
}

/** The error a wait rejects with. */
async function failure(identity: string, options: Partial<WaitUntilVerifiedOptions> = {}): Promise<VerificationWaitError> {
    try {
        await wait(identity, options);
    } catch (err) {
        assert.ok(err instanceof VerificationWaitError, String(err));
        return err;
    }
    assert.fail("the wait resolved");
}

// GetEmailIdentity (https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_GetEmailIdentity.html):
// VerifiedForSendingStatus says whether the identity may send; a domain's DKIM Status SUCCESS means SES found its
// Easy DKIM CNAMEs (https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-dkim-easy.html).
describe("check: waitUntilVerified (the verification waiter)", () => {
    let fixture: Awaited<ReturnType<typeof endpoint>> | undefined;
    afterEach(async () => {
        await fixture?.close();
        fixture = undefined;
    });

    it("resolves at once for a domain verified for sending with DKIM SUCCESS, logging nothing", async () => {
        fixture = await endpoint([{ name: "example.com", status: "SUCCESS" }]);
        const { result, log } = await wait("example.com");
        assert.equal(result.status, "SUCCESS");
        assert.equal(result.dkimStatus, "SUCCESS");
        assert.equal(result.polls, 1);
        assert.deepEqual(log, []);
        assert.equal(fixture.ses.counts.GetEmailIdentity, 1);
    });

    it("polls a pending domain until SES verifies it, logging each poll's progress", async () => {
        fixture = await endpoint([{ name: "example.com", status: "PENDING", transitions: [{ afterPolls: 3, status: "SUCCESS" }] }]);
        const { result, log } = await wait("example.com");
        assert.equal(result.polls, 4);
        assert.equal(log.length, 3, log.join("\n"));
        assert.match(log[0], /^waiting for SES to verify example\.com in eu-west-1: verification PENDING, sending not enabled, DKIM PENDING \(\d+s of 10s\)$/);
    });

    it("waits while DKIM is still pending after the identity itself reads SUCCESS", async () => {
        fixture = await endpoint([{ name: "example.com", status: "SUCCESS", dkimStatus: "PENDING", transitions: [{ afterPolls: 2, dkimStatus: "SUCCESS" }] }]);
        const { result, log } = await wait("example.com");
        assert.equal(result.polls, 3);
        assert.match(log[0], /verification SUCCESS, sending enabled, DKIM PENDING/);
    });

    it("fails at once on FAILED, with SES's error explained and the records it could not find", async () => {
        fixture = await endpoint([{ name: "news.example.org", status: "FAILED", errorType: "HOST_NOT_FOUND" }]);
        const err = await failure("news.example.org");
        assert.equal(fixture.ses.counts.GetEmailIdentity, 1, "no second poll: no wait fixes FAILED");
        assert.match(err.message, /^SES has not verified news\.example\.org in eu-west-1 for sending and no wait can change that: verification FAILED/);
        assert.match(err.message, /HOST_NOT_FOUND: SES found no such name in public DNS/);
        for (const token of defaultTokens("news.example.org")) {
            assert.ok(err.message.includes(`  - CNAME ${token}._domainkey.news.example.org -> ${token}.dkim.amazonses.com`), err.message);
        }
        assert.doesNotMatch(err.message, /_dmarc/, "only the records that verify the identity");
    });

    it("fails an address whose link expired, saying a person must act, with no records", async () => {
        fixture = await endpoint([{ name: "noreply@example.com", status: "FAILED" }]);
        const err = await failure("noreply@example.com");
        assert.match(err.message, /the verification link mailed to noreply@example\.com expired unclicked/);
        assert.doesNotMatch(err.message, /records/);
    });

    it("fails at the deadline, naming the records SES has not found yet", async () => {
        fixture = await endpoint([{ name: "example.com", status: "PENDING" }]);
        const started = Date.now();
        const err = await failure("example.com", { timeoutMs: 400, pollIntervalMs: 50 });
        assert.ok(Date.now() - started < 3_000, "the deadline ends the wait");
        assert.match(
            err.message,
            /SES has not verified example\.com in eu-west-1 for sending before the wait's deadline \(0\.4s\) passed: verification PENDING/,
        );
        assert.match(err.message, /SES is still looking for the records below/);
        assert.match(err.message, /- CNAME aaa[0-9a-f]+\._domainkey\.example\.com -> aaa[0-9a-f]+\.dkim\.amazonses\.com/);
        assert.match(err.message, /Raise the waiter's timeout/);
    });

    it("rides out throttling: a throttled poll costs time, never the verdict", async function () {
        this.timeout(30_000);
        fixture = await endpoint([{ name: "example.com", status: "SUCCESS" }]);
        fixture.ses.failNext("throttle", 3, "GetEmailIdentity");
        const { result } = await wait("example.com");
        assert.equal(result.status, "SUCCESS");
        assert.equal(fixture.ses.throttled, 3);
        assert.equal(result.calls.throttled, 3);
        assert.equal(result.calls.byOperation.GetEmailIdentity, 4);
    });

    it("fails at the deadline when SES throttles every poll, saying it never answered", async () => {
        fixture = await endpoint([{ name: "example.com", status: "SUCCESS" }]);
        fixture.ses.failNext("throttle", 1000, "GetEmailIdentity");
        const err = await failure("example.com", { timeoutMs: 1_500 });
        assert.match(
            err.message,
            /^SES did not answer GetEmailIdentity for example\.com in eu-west-1 before the wait's deadline \(1\.5s\) passed \(throttled or unreachable\)/,
        );
    });

    it("fails at once when access is denied, naming the permission", async () => {
        fixture = await endpoint([{ name: "example.com", status: "PENDING" }]);
        fixture.ses.failNext("access-denied", 1, "GetEmailIdentity");
        const err = await failure("example.com");
        assert.equal(fixture.ses.counts.GetEmailIdentity, 1);
        assert.match(
            err.message,
            /^Cannot tell whether SES verified example\.com in eu-west-1: GetEmailIdentity in eu-west-1: access denied \(AccessDeniedException\).*The credentials need ses:GetEmailIdentity/,
        );
    });

    it("fails an identity SES does not have", async () => {
        fixture = await endpoint([]);
        const err = await failure("example.com");
        assert.match(err.message, /^SES has no identity example\.com in eu-west-1/);
    });
});
