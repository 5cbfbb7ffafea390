import * as assert from "node:assert/strict";
import { runCli } from "../../testing/run-cli";
import { runCliInProcess } from "../../testing/run-cli-in-process";

describe("cli: ses-guard", () => {
    it("prints its usage and exits 2 without a command, 0 for --help", async () => {
        const bare = await runCliInProcess([]);
        assert.equal(bare.code, 2);
        assert.match(bare.stdout, /^usage: ses-guard <command> \[options\]\n\ncommands:\n {2}verify /);
        const help = await runCliInProcess(["--help"]);
        assert.equal(help.code, 0);
        assert.equal(help.stdout, bare.stdout);
    });

    it("exits 2 on an unknown command, naming it, with the usage on stderr", async () => {
        const { code, stdout, stderr } = await runCliInProcess(["frobnicate"]);
        assert.equal(code, 2);
        assert.equal(stdout, "");
        assert.match(stderr, /^ses-guard: unknown command 'frobnicate'\n\nusage: ses-guard <command>/);
    });

    it("as the built bin, sets the exit code and shows a user error as one message, no stack trace", async () => {
        const { code, stdout, stderr } = await runCli(["frobnicate"]);
        assert.equal(code, 2);
        assert.equal(stdout, "");
        assert.match(stderr, /^ses-guard: unknown command 'frobnicate'\n/);
        assert.doesNotMatch(stderr, /\n\s+at /);
    });
});
