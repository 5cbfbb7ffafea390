/**
 * User text never reaches a terminal with its control characters: a program's resource names, identity names and log
 * messages in `ses-guard preview`'s text (stdout and stderr), and arguments in `ses-guard verify`'s errors. JSON keeps
 * names exact.
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { runCli } from "../../testing/run-cli";

const PROGRAM = path.join("tests", "offline-engine", "fixtures", "programs", "control-characters");

/** Control characters a terminal acts on: C0 but tab and line feed, DEL and C1 (ESC, BEL, CSI...). */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** `text` with its control characters shown, for a failure message. */
const visible = (text: string): string => JSON.stringify(text);

describe("cli: no control character of user text reaches the terminal", function () {
    this.timeout(120_000);

    it("preview: names and log messages of the program are escaped in the text, exact in --json", async () => {
        const text = await runCli(["preview", PROGRAM]);
        assert.equal(text.code, 1, text.stderr);
        assert.doesNotMatch(text.stdout, CONTROL, visible(text.stdout));
        assert.doesNotMatch(text.stderr, CONTROL, visible(text.stderr));
        // The program's log message arrives, escaped.
        assert.match(text.stderr, /warning: about to clear\?\[2J\? the screen/);
        // The newline in the identity's name forges no line of the report.
        assert.doesNotMatch(text.stdout, /^\s*The stack passes every mandatory policy\./m);
        assert.match(text.stdout, /evil\?\[31m\.example\?The stack passes/);
        assert.match(text.stdout, /\(aws:sesv2:EmailIdentity: bell\?\)/);

        // JSON keeps the names exact; a message is the pack's own text, which escapes them as pulumi preview prints it.
        const json = await runCli(["preview", "--json", PROGRAM]);
        const report = JSON.parse(json.stdout) as { stacks: { violations: { name: string; urn: string; message: string }[] }[] };
        const violations = report.stacks[0]?.violations ?? [];
        assert.ok(
            violations.some((v) => v.name === "bell\u0007" && v.urn.endsWith("::bell\u0007") && v.message.includes("evil?[31m.example?The stack passes")),
            visible(json.stdout),
        );
    });

    describe("verify", () => {
        it("an --identity argument with control characters is shown escaped in the usage error", async () => {
            const run = await runCli(["verify", "--identity", "evil\u001b[2J\u0007.example\nses-guard: all verified"]);
            assert.equal(run.code, 2);
            assert.doesNotMatch(run.stderr, CONTROL, visible(run.stderr));
            assert.match(run.stderr, /--identity 'evil\?\[2J\?\.example\?ses-guard: all verified'/);
            assert.equal(run.stderr.trimEnd().split("\n").length, 1, visible(run.stderr));
        });
    });
});
