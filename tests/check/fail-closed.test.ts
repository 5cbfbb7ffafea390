import * as assert from "node:assert/strict";
import { VerifyTarget } from "../../check/verify-target";
import { MAX_LIST_PAGES } from "../../check/ses-calls";
import { formatTable } from "../../cli/verify/report-table";
import { Harness, startHarness } from "./verify-harness";

const target = (identity: string, extra: Partial<VerifyTarget> = {}): VerifyTarget => ({ identity, region: "eu-west-1", source: "test", ...extra });

describe("check: fail closed on what SES answers", () => {
    let h: Harness | undefined;
    afterEach(async () => {
        await h?.close();
        h = undefined;
    });

    describe("ambiguous listings", () => {
        it("asks GetEmailIdentity when List has two disagreeing entries for one address, never trusting the order", async () => {
            h = await startHarness({
                identities: [{ name: "noreply@example.com", status: "PENDING" }],
                listQuirks: { extraEntries: [{ name: "noreply@example.com", status: "SUCCESS" }] },
            });
            const report = await h.verify({ targets: [target("noreply@example.com")] });
            assert.equal(h.ses.counts.GetEmailIdentity, 1);
            assert.equal(report.identities[0].status, "PENDING");
            assert.equal(report.exitCode, 1);
        });

        it("spends no Get on an address whose duplicate List entries agree", async () => {
            h = await startHarness({
                identities: [{ name: "noreply@example.com", status: "SUCCESS" }],
                listQuirks: { extraEntries: [{ name: "noreply@example.com", status: "SUCCESS" }] },
            });
            const report = await h.verify({ targets: [target("noreply@example.com")] });
            assert.equal(h.ses.counts.GetEmailIdentity, 0);
            assert.equal(report.exitCode, 0);
        });

        it("takes a domain's case variants in List as one identity and lets GetEmailIdentity decide", async () => {
            h = await startHarness({
                identities: [{ name: "example.com", status: "PENDING" }],
                listQuirks: { extraEntries: [{ name: "EXAMPLE.COM", status: "SUCCESS" }] },
            });
            const report = await h.verify({ all: true, regions: ["eu-west-1"] });
            assert.deepEqual(
                report.identities.map((r) => [r.identity, r.status]),
                [["example.com", "PENDING"]],
            );
            assert.equal(report.exitCode, 1);
        });

        // SES's developer guide, "Verifying email addresses in Amazon SES"
        // (https://docs.aws.amazon.com/ses/latest/DeveloperGuide/verify-email-addresses.html): "The entire email
        // address is case-sensitive. For example, if you verify sender@example.com, you cannot send emails from
        // sender@EXAMPLE.com unless you verify sender@EXAMPLE.com also. (Domain verification, however, is
        // case-insensitive.)" So an address SES lists in another case is another identity.
        it("treats an address listed in another case as another identity (SES: the entire address is case-sensitive)", async () => {
            h = await startHarness({ identities: [{ name: "Noreply@Example.com", status: "SUCCESS" }] });
            const report = await h.verify({ targets: [target("noreply@example.com"), target("Noreply@Example.com")] });
            assert.deepEqual(
                report.identities.map((r) => [r.identity, r.status]),
                [
                    ["noreply@example.com", "NOT_FOUND"],
                    ["Noreply@Example.com", "SUCCESS"],
                ],
            );
            assert.equal(report.exitCode, 1);
        });

        it("compares domains case-insensitively (SES: domain verification is case-insensitive)", async () => {
            h = await startHarness({ identities: [{ name: "example.com", status: "SUCCESS" }] });
            const report = await h.verify({ targets: [target("Example.COM")] });
            assert.equal(report.identities[0].status, "SUCCESS");
            assert.equal(report.exitCode, 0);
        });
    });

    describe("bounded pagination", () => {
        it("ends with an error naming the cause when SES returns the same NextToken twice", async () => {
            h = await startHarness({ identities: [{ name: "example.com", status: "SUCCESS" }], listQuirks: { repeatToken: true } });
            const report = await h.verify({ targets: [target("example.com")] });
            assert.equal(report.exitCode, 2);
            assert.equal(report.identities[0].status, "ERROR");
            assert.match(report.errors.join(), /ListEmailIdentities in eu-west-1: SES returned the same NextToken twice/);
            assert.doesNotMatch(report.errors.join(), /--timeout/);
            assert.equal(h.ses.counts.ListEmailIdentities, 2);
        });

        it("stops after more pages than the 10,000-identity quota could fill", async () => {
            h = await startHarness({ identities: [{ name: "example.com", status: "SUCCESS" }], listQuirks: { endless: true } });
            const report = await h.verify({ targets: [target("example.com")] });
            assert.equal(report.exitCode, 2);
            assert.match(report.errors.join(), /kept paging after 11 pages of up to 1000, more than the 10000 identities a region can hold/);
            assert.equal(h.ses.counts.ListEmailIdentities, MAX_LIST_PAGES);
        });
    });

    describe("bounded requests", () => {
        it("abandons an answer whose body trickles in, at --request-timeout for the whole request", async () => {
            h = await startHarness({ identities: [{ name: "example.com", status: "SUCCESS" }] });
            h.ses.failNext("trickle", 2, "GetEmailIdentity");
            const started = Date.now();
            const report = await h.verify({ targets: [target("example.com")], client: { maxRps: 1000, requestTimeoutMs: 300, connectTimeoutMs: 1000 } });
            assert.equal(report.exitCode, 2);
            assert.match(
                report.errors.join(),
                /GetEmailIdentity in eu-west-1: no answer in time \(TimeoutError\): the request \(body included\) took longer than 300 ms/,
            );
            assert.equal(h.ses.counts.GetEmailIdentity, 2, "the SDK retried the first trickle once (AWS_MAX_ATTEMPTS=2)");
            assert.ok(Date.now() - started < 10_000, "hang guard");
        });

        it("retries a trickling answer and passes when the next one comes whole", async () => {
            h = await startHarness({ identities: [{ name: "example.com", status: "SUCCESS" }] });
            h.ses.failNext("trickle", 1, "GetEmailIdentity");
            const report = await h.verify({ targets: [target("example.com")], client: { maxRps: 1000, requestTimeoutMs: 300, connectTimeoutMs: 1000 } });
            assert.equal(report.exitCode, 0, report.errors.join());
        });

        it("refuses an answer body larger than any SES answer", async () => {
            h = await startHarness({ identities: [{ name: "example.com", status: "SUCCESS" }] });
            h.ses.failNext("huge-body", 1, "ListEmailIdentities");
            const report = await h.verify({ targets: [target("example.com")] });
            assert.equal(report.exitCode, 2);
            assert.match(report.errors.join(), /ListEmailIdentities in eu-west-1: the answer's body exceeded 8 MiB, which no SES answer reaches/);
        });

        it("says a connection reset is one, not a timeout", async () => {
            h = await startHarness({ identities: [{ name: "example.com", status: "SUCCESS" }] });
            h.ses.failNext("reset", 2, "ListEmailIdentities");
            const report = await h.verify({ targets: [target("example.com")] });
            assert.equal(report.exitCode, 2);
            assert.match(report.errors.join(), /ListEmailIdentities in eu-west-1: cannot reach SES \(ECONNRESET\)/);
            assert.doesNotMatch(report.errors.join(), /in time|timeout/i);
        });
    });

    describe("isolation", () => {
        it("judges a domain with 130k DKIM tokens without overflowing the stack", async () => {
            const tokens = Array.from({ length: 130_000 }, (_, i) => `t${i.toString(36).padStart(8, "0")}`);
            h = await startHarness({ identities: [{ name: "example.com", status: "PENDING", dkimTokens: tokens }] });
            const report = await h.verify({ targets: [target("example.com")] });
            assert.equal(report.exitCode, 1, report.errors.join());
            assert.equal(report.identities[0].expectedRecords.filter((r) => r.type === "CNAME").length, 130_000);
            assert.ok(formatTable(report).includes(`${tokens[129_999]}._domainkey.example.com`), "the last token's record is in the table");
        });

        it("keeps the other identities' results when one identity's answer cannot be judged", async () => {
            h = await startHarness({
                identities: [
                    { name: "bad.example.com", status: "PENDING", dkimTokens: [42 as unknown as string] },
                    { name: "good.example.com", status: "SUCCESS" },
                ],
            });
            const report = await h.verify({ targets: [target("bad.example.com"), target("good.example.com")] });
            assert.equal(report.exitCode, 2);
            assert.deepEqual(
                report.identities.map((r) => [r.identity, r.status]),
                [
                    ["bad.example.com", "ERROR"],
                    ["good.example.com", "SUCCESS"],
                ],
            );
            assert.match(report.errors.join(), /bad\.example\.com/);
        });
    });

    describe("unreadable inputs and SES text", () => {
        it("reports an identity whose input is unreadable as an error without asking SES about it", async () => {
            h = await startHarness({ identities: [{ name: "example.com", status: "SUCCESS" }] });
            const report = await h.verify({ targets: [target("example.com", { unreadable: "its configurationSetName is an encrypted secret" })] });
            assert.equal(report.exitCode, 2);
            assert.equal(report.identities[0].status, "ERROR");
            assert.match(report.errors.join(), /example\.com \(test\): its configurationSetName is an encrypted secret/);
            assert.equal(h.ses.counts.GetEmailIdentity + h.ses.counts.ListEmailIdentities, 0);
        });

        it("prints no terminal control characters from SES's names and messages", async () => {
            h = await startHarness({
                identities: [
                    { name: "evil\u001b]0;pwned\u0007.example.com", status: "FAILED" },
                    { name: "ok.example.com", status: "SUCCESS" },
                ],
            });
            h.ses.failNext({ status: 400, errorType: "BadRequestException", message: "bad\u001b[2J\rrequest\u009b31m" }, 1, "GetEmailIdentity");
            const report = await h.verify({ all: true, regions: ["eu-west-1"] });
            const text = formatTable(report);
            assert.doesNotMatch(text, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
            assert.match(text, /evil\?\]0;pwned\?\.example\.com/);
            assert.match(text, /bad\?\[2J\?request\?31m/);
        });
    });
});
