import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT, runCli } from "../../testing/run-cli";
import { runCliInProcess } from "../../testing/run-cli-in-process";

describe("cli: the ses-guard command", () => {
    it("prints its usage and exits 2 without a command, 0 for --help", async () => {
        const bare = await runCliInProcess([]);
        assert.equal(bare.code, 2);
        assert.match(bare.stdout, /^usage: ses-guard <command> \[options\]\n\ncommands:\n {2}verify /);
        const help = await runCliInProcess(["--help"]);
        assert.equal(help.code, 0);
        assert.equal(help.stdout, bare.stdout);
    });

    it("--version prints the package's version alone", async () => {
        const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
        const { code, stdout, stderr } = await runCliInProcess(["--version"]);
        assert.equal(code, 0, stderr);
        assert.equal(stdout, `${version}\n`);
    });

    it("names the commands for an unknown one, in one line", async () => {
        const { code, stdout, stderr } = await runCliInProcess(["deploy"]);
        assert.equal(code, 2);
        assert.equal(stdout, "");
        assert.equal(stderr, "ses-guard: unknown command 'deploy'; the commands are verify, preview, audit (see ses-guard --help)\n");
    });

    for (const command of ["verify", "preview", "audit"]) {
        it(`${command}: an unknown option is one line naming the command and its --help`, async () => {
            const { code, stdout, stderr } = await runCliInProcess([command, "--no-such-flag"]);
            assert.equal(code, 2);
            assert.equal(stdout, "");
            assert.match(stderr, new RegExp(`^ses-guard: ${command}: Unknown option '--no-such-flag'.* \\(see ses-guard ${command} --help\\)\\n$`));
        });
    }

    it("as the built bin, sets the exit code and shows a user error as one message, no stack trace", async () => {
        const { code, stdout, stderr } = await runCli(["deploy"]);
        assert.equal(code, 2);
        assert.equal(stdout, "");
        assert.match(stderr, /^ses-guard: unknown command 'deploy';/);
        assert.doesNotMatch(stderr, /\n\s+at /);
    });
});
