/**
 * Reading a project as the Pulumi CLI does: Pulumi.yaml runtime options (nodeargs split like the language host's
 * shlex.Split), project config (`value`, `default`, shorthand for the project's own keys) under the stack's,
 * `secure:` values anywhere in a value as secrets, ESC environments listed, a named stack needing its file.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { MissingStackFileError, ProjectError, SECRET_CONFIG_PLACEHOLDER, readProject, readStackConfig, splitArgs } from "../../offline-engine/program-dir";

describe("engine: program-dir", () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "ses-guard-project-"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const write = (file: string, text: string): void => fs.writeFileSync(path.join(dir, file), text);

    it("splits nodeargs as a shell does", () => {
        assert.deepEqual(splitArgs(` --require ./a.js  --title "two words" 'single quoted' back\\ slash --x="a b"`), [
            "--require",
            "./a.js",
            "--title",
            "two words",
            "single quoted",
            "back slash",
            "--x=a b",
        ]);
        assert.deepEqual(splitArgs(""), []);
    });

    it("reads runtime options, and rejects ones of the wrong type naming them", () => {
        write("Pulumi.yaml", "name: p\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n    nodeargs: --max-old-space-size=4096\n");
        const project = readProject(dir);
        assert.equal(project.typescript, false);
        assert.deepEqual(project.nodeArgs, ["--max-old-space-size=4096"]);
        write("Pulumi.yaml", "name: p\nruntime:\n  name: nodejs\n  options:\n    nodeargs: [--inspect]\n");
        assert.throws(
            () => readProject(dir),
            (err: unknown) => err instanceof ProjectError && /runtime\.options\.nodeargs is not a string/.test(err.message),
        );
    });

    it("puts project config under the stack's: value, default and shorthand; the stack file wins", () => {
        write(
            "Pulumi.yaml",
            "name: p\nruntime: nodejs\nconfig:\n  aws:region:\n    value: eu-west-2\n  domain:\n    default: a.example\n  sender: ops\n  token:\n    secret: true\n    default: not-really\n",
        );
        write("Pulumi.dev.yaml", "config:\n  p:domain: b.example\n");
        const project = readProject(dir);
        const config = readStackConfig(dir, project.name, "dev", { projectConfig: project.config });
        assert.deepEqual(config.values, { "aws:region": "eu-west-2", "p:domain": "b.example", "p:sender": "ops", "p:token": "not-really" });
        assert.deepEqual(config.secretKeys, ["p:token"]);
    });

    it("treats a secure value nested in object config as a secret, keeping the rest of the object", () => {
        write("Pulumi.yaml", "name: p\nruntime: nodejs\n");
        write("Pulumi.dev.yaml", "config:\n  p:mail:\n    domain:\n      secure: v1:abc\n    senders: [a, {secure: v1:def}]\n  p:plain: {a: 1}\n");
        const config = readStackConfig(dir, "p", "dev");
        assert.deepEqual(JSON.parse(config.values["p:mail"] ?? ""), { domain: SECRET_CONFIG_PLACEHOLDER, senders: ["a", SECRET_CONFIG_PLACEHOLDER] });
        assert.deepEqual(config.secretKeys, ["p:mail"]);
    });

    it("lists the ESC environments a stack file imports", () => {
        write("Pulumi.yaml", "name: p\nruntime: nodejs\n");
        write("Pulumi.dev.yaml", "environment:\n  - acme/one\n  - acme/two\nconfig: {}\n");
        assert.deepEqual(readStackConfig(dir, "p", "dev").environments, ["acme/one", "acme/two"]);
    });

    it("needs Pulumi.<stack>.yaml only for a stack asked for by name", () => {
        write("Pulumi.yaml", "name: p\nruntime: nodejs\n");
        assert.deepEqual(readStackConfig(dir, "p", "dev").values, {});
        assert.throws(
            () => readStackConfig(dir, "p", "qa", { required: true }),
            (err: unknown) => err instanceof MissingStackFileError && err.message.startsWith(`${path.join(dir, "Pulumi.qa.yaml")} does not exist`),
        );
    });
});
