import * as assert from "node:assert/strict";
import { PassThrough, Readable } from "node:stream";
import { MAX_DURATION_MS, parseDuration } from "../../../cli/verify/durations";
import { parseIdentityArgument } from "../../../cli/verify/identity-arguments";
import { parseJsonInput, readJsonInput } from "../../../cli/verify/input-files";
import { targetsFromStackOutputs } from "../../../cli/verify/stack-outputs";

describe("cli verify: command inputs", () => {
    it("reads --identity with and without @region, also for email addresses", () => {
        assert.deepEqual(parseIdentityArgument("example.com"), { identity: "example.com", region: undefined, source: "--identity" });
        assert.deepEqual(parseIdentityArgument("example.com@eu-west-1"), { identity: "example.com", region: "eu-west-1", source: "--identity" });
        assert.deepEqual(parseIdentityArgument("noreply@example.com@us-gov-east-1"), {
            identity: "noreply@example.com",
            region: "us-gov-east-1",
            source: "--identity",
        });
        assert.deepEqual(parseIdentityArgument("noreply@example.com"), { identity: "noreply@example.com", region: undefined, source: "--identity" });
    });

    it("rejects a malformed --identity with the reason", () => {
        assert.throws(() => parseIdentityArgument("https://example.com"), {
            name: "UsageError",
            message: /--identity 'https:\/\/example.com': it looks like a URL/,
        });
        assert.throws(() => parseIdentityArgument("localhost"), { name: "UsageError", message: /at least two labels/ });
    });

    it("parses durations in ms, s, m, h and combinations, and refuses anything else", () => {
        assert.deepEqual(["500ms", "90s", "15m", "1h30m", "2", "1.5s"].map(parseDuration), [500, 90_000, 900_000, 5_400_000, 2000, 1500]);
        assert.deepEqual(["", "10 minutes", "m", "-5s", "5d"].map(parseDuration), [undefined, undefined, undefined, undefined, undefined]);
    });

    it("finds check targets anywhere in stack outputs, keeping their expectations", () => {
        const outputs = {
            mail: {
                checkTarget: {
                    sesGuard: "ses-guard/identity",
                    identity: "example.com",
                    region: "eu-west-1",
                    configurationSetName: "tx",
                    mailFromDomain: "mail.example.com",
                },
            },
            list: [{ sesGuard: "ses-guard/identity", identity: "noreply@example.org", region: "us-east-1" }],
            other: { sesGuard: "something-else", identity: "x.example.com", region: "eu-west-1" },
            url: "https://example.com",
        };
        assert.deepEqual(targetsFromStackOutputs(outputs, "stdin"), [
            { identity: "example.com", region: "eu-west-1", configurationSetName: "tx", mailFromDomain: "mail.example.com", source: "stdin" },
            { identity: "noreply@example.org", region: "us-east-1", configurationSetName: undefined, mailFromDomain: undefined, source: "stdin" },
        ]);
    });

    it("refuses a check target whose region is not a region", () => {
        const outputs = { t: { sesGuard: "ses-guard/identity", identity: "example.com", region: "" } };
        assert.throws(() => targetsFromStackOutputs(outputs, "out.json"), {
            name: "UsageError",
            message: /^out.json: identity example.com has region '', which is not an AWS region name/,
        });
    });

    it("tells a stack export from stack outputs", () => {
        assert.equal(parseJsonInput('{"version":3,"deployment":{}}', "f").kind, "stack-export");
        assert.equal(parseJsonInput('{"checkTarget":{}}', "f").kind, "stack-outputs");
    });

    it("names the input when it is empty, not JSON or unreadable", async () => {
        assert.throws(() => parseJsonInput("  ", "stdin"), { name: "UsageError", message: /^stdin: it is empty/ });
        assert.throws(() => parseJsonInput("{oops", "out.json"), { name: "UsageError", message: /^out.json: not valid JSON/ });
        await assert.rejects(readJsonInput("/nonexistent/out.json", Readable.from([])), {
            name: "UsageError",
            message: /^\/nonexistent\/out.json: cannot read it \(no such file\)/,
        });
    });

    it("reads JSON from stdin", async () => {
        const input = await readJsonInput("-", Readable.from([Buffer.from('{"a":'), Buffer.from("1}")]));
        assert.deepEqual(input, { source: "stdin", kind: "stack-outputs", json: { a: 1 } });
    });

    it("turns a checkTarget printed as [secret] into an identity in error, wherever a target may be", () => {
        const outputs = {
            mail: { checkTarget: "[secret]" },
            sesIdentity: "[secret]",
            other: { password: "[secret]" },
        };
        const targets = targetsFromStackOutputs(outputs, "stdin");
        assert.deepEqual(
            targets.map((t) => [t.identity, t.unreadable]),
            [
                [
                    "[secret]",
                    "output mail.checkTarget is [secret] and may be an identity's checkTarget; run `pulumi stack output --json --show-secrets` instead",
                ],
                ["[secret]", "output sesIdentity is [secret] and may be an identity's checkTarget; run `pulumi stack output --json --show-secrets` instead"],
            ],
        );
    });

    it("keeps a checkTarget whose configuration set alone is [secret] as its identity, in error", () => {
        const outputs = { t: { sesGuard: "ses-guard/identity", identity: "example.com", region: "eu-west-1", configurationSetName: "[secret]" } };
        assert.deepEqual(targetsFromStackOutputs(outputs, "out.json"), [
            {
                identity: "example.com",
                region: "eu-west-1",
                source: "out.json",
                unreadable:
                    "the checkTarget at t has configurationSetName [secret], so it cannot be checked as the stack expects; run `pulumi stack output --json --show-secrets` instead",
            },
        ]);
    });

    it("validates identities from stack outputs like --identity", () => {
        const outputs = { t: { sesGuard: "ses-guard/identity", identity: "localhost", region: "eu-west-1" } };
        assert.throws(() => targetsFromStackOutputs(outputs, "out.json"), {
            name: "UsageError",
            message: /^out.json: the checkTarget at t names the identity 'localhost': .*at least two labels/,
        });
    });

    it("takes durations far beyond the 24.8-day timer limit, up to a year", () => {
        assert.equal(parseDuration("1000h"), 3_600_000_000);
        assert.ok((parseDuration("1000h") as number) <= MAX_DURATION_MS);
        assert.ok((parseDuration("9000h") as number) > MAX_DURATION_MS);
    });

    it("says what it waits for when stdin stays open and silent, once", async () => {
        const stdin = new PassThrough();
        let notices = 0;
        const reading = readJsonInput("-", stdin, undefined, { afterMs: 30, notice: () => (notices += 1) });
        await new Promise((r) => setTimeout(r, 120));
        assert.equal(notices, 1);
        stdin.end('{"a":1}');
        assert.deepEqual((await reading).json, { a: 1 });
        assert.equal(notices, 1);
    });
});
