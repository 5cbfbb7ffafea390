import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT, runCli } from "../../testing/run-cli";

describe("cli: the ses-guard command", () => {
    it("--version prints the package's version alone", async () => {
        const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
        const { code, stdout, stderr } = await runCli(["--version"]);
        assert.equal(code, 0, stderr);
        assert.equal(stdout, `${version}\n`);
    });

    it("names the commands for an unknown one, in one line", async () => {
        const { code, stdout, stderr } = await runCli(["deploy"]);
        assert.equal(code, 2);
        assert.equal(stdout, "");
        assert.equal(stderr, "ses-guard: unknown command 'deploy'; the commands are verify, preview, audit (see ses-guard --help)\n");
    });

    for (const command of ["verify", "preview", "audit"]) {
        it(`${command}: an unknown option is one line naming the command and its --help`, async () => {
            const { code, stdout, stderr } = await runCli([command, "--no-such-flag"]);
            assert.equal(code, 2);
            assert.equal(stdout, "");
            assert.match(stderr, new RegExp(`^ses-guard: ${command}: Unknown option '--no-such-flag'.* \\(see ses-guard ${command} --help\\)\\n$`));
        });
    }
});
