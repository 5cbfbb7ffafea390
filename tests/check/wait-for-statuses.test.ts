import * as assert from "node:assert/strict";
import { VerifyTarget } from "../../check/verify-target";
import { waitState } from "../../check/wait-for-statuses";
import { Harness, startHarness } from "./verify-harness";

const target = (identity: string): VerifyTarget => ({ identity, region: "eu-west-1", source: "test" });

describe("check: --wait", () => {
    let h: Harness | undefined;
    afterEach(async () => {
        await h?.close();
        h = undefined;
    });

    it("treats PENDING and TEMPORARY_FAILURE as still moving, FAILED, NOT_STARTED and absent as dead ends", () => {
        const listed = (status: string) => ({ name: "x", type: "DOMAIN", status, sendingEnabled: true });
        assert.deepEqual(
            ["PENDING", "TEMPORARY_FAILURE", "SUCCESS", "FAILED", "NOT_STARTED"].map((s) => waitState(listed(s))),
            ["moving", "moving", "settled", "dead-end", "dead-end"],
        );
        assert.equal(waitState(undefined), "dead-end");
    });

    it("keeps polling List while PENDING and passes once SES turns it SUCCESS", async () => {
        h = await startHarness({ identities: [{ name: "example.com", status: "PENDING", transitions: [{ afterPolls: 2, status: "SUCCESS" }] }] });
        const report = await h.verify({ targets: [target("example.com")], waitMs: 10_000 });
        assert.equal(report.exitCode, 0);
        assert.deepEqual(report.wait, { seconds: 10, polls: 2, outcome: "settled" });
        assert.equal(h.ses.counts.ListEmailIdentities, 3, "one List per poll, plus the first look");
        assert.equal(h.ses.counts.GetEmailIdentity, 1, "details only once the status settled");
    });

    it("turns SUCCESS after a scripted time and the wait sees it", async () => {
        h = await startHarness({ identities: [{ name: "example.com", status: "PENDING", transitions: [{ afterMs: 100, status: "SUCCESS" }] }] });
        const report = await h.verify({ targets: [target("example.com")], waitMs: 10_000 });
        assert.equal(report.wait?.outcome, "settled");
        assert.equal(report.exitCode, 0);
    });

    it("stops at the deadline and reports what is still PENDING as not verified", async () => {
        h = await startHarness({ identities: [{ name: "example.com", status: "PENDING" }] });
        const report = await h.verify({ targets: [target("example.com")], waitMs: 150 });
        assert.equal(report.wait?.outcome, "deadline");
        assert.equal(report.identities[0].status, "PENDING");
        assert.equal(report.exitCode, 1);
    });

    it("ends the wait early when an identity turns FAILED, in every region", async () => {
        h = await startHarness({
            identities: [
                { name: "slow.example.com", region: "us-east-1", status: "PENDING" },
                { name: "bad.example.com", status: "PENDING", transitions: [{ afterPolls: 1, status: "FAILED", errorType: "HOST_NOT_FOUND" }] },
            ],
        });
        const report = await h.verify({
            targets: [target("bad.example.com"), { identity: "slow.example.com", region: "us-east-1", source: "test" }],
            waitMs: 60_000,
            pollIntervalMs: 50,
        });
        assert.equal(report.wait?.outcome, "ended-early");
        assert.ok(report.elapsedMs < 30_000, `took ${report.elapsedMs} ms`);
        assert.equal(report.identities.find((r) => r.identity === "bad.example.com")?.status, "FAILED");
        assert.equal(report.exitCode, 1);
    });

    it("ends the wait at once when an identity has NOT_STARTED", async () => {
        h = await startHarness({
            identities: [
                { name: "a.example.com", status: "NOT_STARTED" },
                { name: "b.example.com", status: "PENDING" },
            ],
        });
        const report = await h.verify({ targets: [target("a.example.com"), target("b.example.com")], waitMs: 60_000 });
        assert.deepEqual(report.wait, { seconds: 60, polls: 0, outcome: "ended-early" });
        assert.equal(h.ses.counts.ListEmailIdentities, 1);
    });

    it("re-reads only identities whose MAIL FROM is still PENDING after their status settled", async () => {
        h = await startHarness({
            identities: [
                {
                    name: "a.example.com",
                    status: "SUCCESS",
                    mailFromDomain: "mail.a.example.com",
                    mailFromStatus: "PENDING",
                    transitions: [{ afterPolls: 3, mailFromStatus: "SUCCESS" }],
                },
                { name: "b.example.com", status: "SUCCESS" },
            ],
        });
        const report = await h.verify({ targets: [target("a.example.com"), target("b.example.com")], waitMs: 10_000 });
        assert.equal(report.exitCode, 0);
        assert.equal(h.ses.counts.ListEmailIdentities, 1);
        // a: the List showed it once, then Gets until the fourth observation; b: one Get.
        assert.equal(h.ses.counts.GetEmailIdentity, 3 + 1);
    });

    it("shows progress while waiting", async () => {
        h = await startHarness({ identities: [{ name: "example.com", status: "PENDING", transitions: [{ afterPolls: 2, status: "SUCCESS" }] }] });
        const updates: Array<Record<string, number>> = [];
        let done = 0;
        await h.verify({ targets: [target("example.com")], waitMs: 10_000, progress: { update: (p) => updates.push(p.counts), done: () => done++ } });
        assert.deepEqual(updates, [{ PENDING: 1 }, { PENDING: 1 }, { SUCCESS: 1 }]);
        assert.equal(done, 1);
    });
});
