/**
 * The path a new user takes, end to end, from a clean clone: `npm pack` (its prepack builds), then a fresh
 * Pulumi TypeScript project as `pulumi new aws-typescript` leaves it (typescript 5, @types/node, no ts-node)
 * that runs `npm install @pulumi/pulumi @pulumi/aws <the tarball>` from the registry, type-checks a program
 * using the components under `strict` without `skipLibCheck`, previews it with the installed
 * `ses-guard preview`, and starts the installed pack as the Pulumi CLI does for
 * `--policy-pack node_modules/ses-guard`. Not part of `npm test` (it needs the registry and about a minute):
 * `npm run test:package`, or with SES_GUARD_PEERS=floor at the lowest @pulumi/pulumi and @pulumi/aws that the
 * peer ranges allow.
 */
import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { escapeRegExp } from "../../escape-regexp";
import { withDebugStacksOnlyForLeaks } from "../../offline-engine/promise-debug-stacks";
import { startPolicyPack } from "../../offline-engine/pack-process";
import { policies } from "../../policies";
import { ROOT } from "../../testing/run-cli";
import { PROGRAM_SHAPES, writeShape } from "../../testing/program-shapes";

/** The peer versions installed: the newest the ranges allow, or their floors. */
const PEERS = process.env.SES_GUARD_PEERS === "floor" ? "floor" : "latest";

/** `@pulumi/pulumi` and `@pulumi/aws` as `npm install` arguments: the floor of each declared peer range, or the range. */
function peerSpecs(): string[] {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { peerDependencies: Record<string, string> };
    return ["@pulumi/pulumi", "@pulumi/aws"].map((name) => {
        const range = manifest.peerDependencies[name] as string;
        const floor = /^\^(\d+\.\d+\.\d+)$/.exec(range)?.[1];
        assert.ok(floor, `${name}'s peer range ${range} is not a caret range`);
        return `${name}@${PEERS === "floor" ? floor : range}`;
    });
}

/** What a command printed and returned. */
interface Run {
    code: number;
    stdout: string;
    stderr: string;
}

/** The environment without npm's per-script variables, as a user's shell has it. */
function shellEnv(): NodeJS.ProcessEnv {
    return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith("npm_")));
}

/** Runs `file args` in `cwd`, never rejecting: the caller asserts on the result. */
function run(file: string, args: string[], cwd: string): Promise<Run> {
    return new Promise((resolve) => {
        execFile(file, args, { cwd, env: shellEnv(), maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
            const code = err === null ? 0 : typeof err.code === "number" ? err.code : 1;
            resolve({ code, stdout, stderr });
        });
    });
}

/** The output of a run, for an assertion message. */
function shown(r: Run): string {
    return `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

/** Copies the files a clone has (tracked, plus new ones not ignored) to `dest`. */
async function copyClone(dest: string): Promise<void> {
    const list = await run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], ROOT);
    assert.equal(list.code, 0, shown(list));
    for (const file of list.stdout.split("\0").filter((f) => f !== "" && fs.existsSync(path.join(ROOT, f)))) {
        fs.mkdirSync(path.dirname(path.join(dest, file)), { recursive: true });
        fs.copyFileSync(path.join(ROOT, file), path.join(dest, file));
    }
    // A clean clone after `npm ci`: the same installed packages, and no dist/.
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dest, "node_modules"));
}

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { policies, route53Dns, VerifiedDomain, VerifiedEmailAddress, type StackPolicy } from "ses-guard";

const config = new pulumi.Config();
const domainName = config.require("domain");

const mail = new VerifiedDomain("mail", {
    domain: domainName,
    dns: route53Dns({ zoneName: domainName }),
    mailFrom: { domain: \`bounce.\${domainName}\` },
    dmarc: { policy: "none", reportAddress: \`dmarc-reports@\${domainName}\` },
});
const noreply = new VerifiedEmailAddress("noreply", {
    address: \`noreply@\${domainName}\`,
    verifiedDomain: mail,
    configurationSet: mail.configurationSetName,
});

const stackPolicies: string[] = policies.filter((p): p is StackPolicy => "validateStack" in p).map((p) => p.name);
pulumi.log.info(\`ses-guard stack policies: \${stackPolicies.length}\`);

export const sesIdentities = [mail.checkTarget, noreply.checkTarget];
`;

/** What ses-guard catches: a raw identity without its DKIM records. */
const RAW_PROGRAM = `import * as aws from "@pulumi/aws";

export const arn = new aws.sesv2.EmailIdentity("raw", { emailIdentity: "raw.example.org" }).arn;
`;

/** The tsconfig.json of `pulumi new typescript`: strict, no skipLibCheck. */
const TSCONFIG = {
    compilerOptions: {
        strict: true,
        outDir: "bin",
        target: "es2020",
        module: "commonjs",
        moduleResolution: "node",
        sourceMap: true,
        experimentalDecorators: true,
        pretty: false,
        noFallthroughCasesInSwitch: true,
        noImplicitReturns: true,
        forceConsistentCasingInFileNames: true,
    },
    files: ["index.ts"],
};

/** Writes a Pulumi project (Pulumi.yaml, stack config, index.ts, tsconfig.json) into `dir`. */
function writeProject(dir: string, name: string, program: string): void {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${name}\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n`);
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), `config:\n  aws:region: eu-west-1\n  ${name}:domain: example.com\n`);
    fs.writeFileSync(path.join(dir, "index.ts"), program);
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(TSCONFIG, null, 4) + "\n");
}

describe(`package: a fresh Pulumi project installs, type-checks and previews ses-guard (peers: ${PEERS})`, function () {
    this.timeout(15 * 60_000);
    let tmp: string;
    let project: string;
    let tarballFiles: string[];
    let install: Run;
    const version = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;

    before(async () => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ses-guard-fresh-"));
        const clone = path.join(tmp, "clone");
        await copyClone(clone);
        const pack = await run("npm", ["pack", "--json", "--pack-destination", tmp], clone);
        assert.equal(pack.code, 0, shown(pack));
        const [packed] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf("["))) as { filename: string; files: { path: string }[] }[];
        assert.ok(packed);
        tarballFiles = packed.files.map((f) => f.path);
        project = path.join(tmp, "project");
        writeProject(project, "fresh", PROGRAM);
        // package.json as `pulumi new aws-typescript` leaves it, before its npm install.
        const manifest = { name: "fresh", main: "index.ts", devDependencies: { "@types/node": "^22", typescript: "^5.0.0" } };
        fs.writeFileSync(path.join(project, "package.json"), JSON.stringify(manifest, null, 4) + "\n");
        install = await run("npm", ["install", "--no-audit", "--no-fund", ...peerSpecs(), path.join(tmp, packed.filename)], project);
    });

    after(() => {
        if (tmp !== undefined) fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("packs LICENSE, README, PulumiPolicy.yaml and the built code; no tests, examples, test doubles or source maps", () => {
        for (const file of [
            "LICENSE",
            "README.md",
            "PulumiPolicy.yaml",
            "package.json",
            "dist/index.js",
            "dist/index.d.ts",
            "dist/policies/pack.js",
            "dist/cli/main.js",
        ]) {
            assert.ok(tarballFiles.includes(file), `${file} is not in the tarball`);
        }
        const stray = tarballFiles.filter((f) => /^dist\/(tests|testing|bench|examples)\/|\.map$|^examples\/|^tests\/|(?<!\.d)\.ts$/.test(f));
        assert.deepEqual(stray, []);
        assert.match(fs.readFileSync(path.join(ROOT, "LICENSE"), "utf8"), /Apache License\s+Version 2\.0, January 2004[\s\S]*END OF TERMS AND CONDITIONS/);
    });

    it("installs with @pulumi/pulumi and @pulumi/aws from the registry, with no ERESOLVE and no TypeScript of its own", () => {
        assert.equal(install.code, 0, shown(install));
        assert.doesNotMatch(install.stderr, /ERESOLVE|overriding peer dependency/);
        assert.ok(!fs.existsSync(path.join(project, "node_modules/ses-guard/node_modules/typescript")), "ses-guard brought its own typescript");
        assert.ok(!fs.existsSync(path.join(project, "node_modules/ts-node")), "ts-node was installed, though nothing asks for it");
        if (PEERS === "floor") {
            // Each peer exactly at its floor, ses-guard's @pulumi/policy sharing that @pulumi/pulumi.
            const installed = ["@pulumi/pulumi", "@pulumi/aws"].map((name) => {
                const file = path.join(project, "node_modules", name, "package.json");
                return `${name}@${(JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version}`;
            });
            assert.deepEqual(installed, peerSpecs());
            assert.ok(!fs.existsSync(path.join(project, "node_modules/@pulumi/policy/node_modules/@pulumi/pulumi")));
        }
    });

    it("type-checks a program using the components and the policy list under strict, without skipLibCheck", async () => {
        const tsc = await run(process.execPath, [path.join(project, "node_modules/typescript/bin/tsc"), "-p", ".", "--noEmit"], project);
        assert.equal(tsc.code, 0, shown(tsc));
    });

    it("`ses-guard --version` prints the packed version", async () => {
        const r = await run(path.join(project, "node_modules/.bin/ses-guard"), ["--version"], project);
        assert.equal(r.code, 0, shown(r));
        assert.equal(r.stdout, `${version}\n`);
    });

    it("`ses-guard preview` runs the program (TypeScript through its own loader) through the installed pack and passes", async () => {
        const r = await run(path.join(project, "node_modules/.bin/ses-guard"), ["preview"], project);
        assert.equal(r.code, 0, shown(r));
        assert.match(r.stdout, /^\. \(project fresh, stack dev, preview\): \d+ resources\nPolicies:\n {4}✅ ses-guard@v/m);
        assert.match(r.stdout, new RegExp(`ses-guard@v${escapeRegExp(version)} \\(local: ${escapeRegExp(path.join(project, "node_modules/ses-guard"))}\\)`));
    });

    it("`ses-guard preview` fails a raw identity without its records, from the same install", async () => {
        const raw = path.join(project, "raw");
        writeProject(raw, "raw", RAW_PROGRAM);
        // Its own package.json, or Pulumi's runner would take the enclosing project's `main` (cmd/run/run.ts).
        fs.writeFileSync(path.join(raw, "package.json"), JSON.stringify({ name: "raw" }));
        const r = await run(path.join(project, "node_modules/.bin/ses-guard"), ["preview", "raw"], project);
        assert.equal(r.code, 1, shown(r));
        assert.match(
            r.stdout,
            /- \[mandatory\] \[severity: high\] {2}ses-domain-identity-verified {2}\(aws:sesv2:EmailIdentity: raw\) {2}index\.ts:3\n.*\n.*SES v2 identity raw\.example\.org/,
        );
    });

    // The project's own TypeScript 5 and, as `pulumi new` leaves it, no ts-node: the runner pairs that TypeScript with
    // the ts-node 7.0.1 its @pulumi/pulumi vendors, which has no ESM hooks (cmd/run/run.ts), so an ES-module `.ts`
    // program may get the runner's error; whatever it gets is the runner's, exit 2, never an internal error.
    for (const shape of PROGRAM_SHAPES) {
        it(`\`ses-guard preview\` runs the ${shape.name} program shape through the installed @pulumi/pulumi's runner`, async () => {
            const dir = writeShape(path.join(project, "shapes", shape.name), shape);
            const r = await run(path.join(project, "node_modules/.bin/ses-guard"), ["preview", dir], project);
            assert.doesNotMatch(r.stderr, /internal error/, shown(r));
            if (r.code === 2 && shape.name.startsWith("esm-ts")) {
                assert.match(r.stderr, /^ses-guard: the program in .* failed:\n {2}Running program /, shown(r));
                return;
            }
            assert.equal(r.code, 1, shown(r));
            assert.match(
                r.stdout,
                new RegExp(`- \\[mandatory\\] \\[severity: high\\] {2}ses-domain-identity-verified {2}\\(aws:sesv2:EmailIdentity: ${shape.name}\\)`),
                shown(r),
            );
        });
    }

    it("finds in the installed @pulumi/pulumi the per-promise stack trace the program preload takes only for PULUMI_DEBUG_PROMISE_LEAKS", () => {
        const debuggable = fs.readFileSync(path.join(project, "node_modules/@pulumi/pulumi/runtime/debuggable.js"), "utf8");
        assert.notEqual(withDebugStacksOnlyForLeaks(debuggable), debuggable, "offline-engine/promise-debug-stacks no longer matches this SDK");
    });

    it("starts as the Pulumi CLI starts `--policy-pack node_modules/ses-guard` and serves every policy", async () => {
        const pack = await startPolicyPack(path.join(project, "node_modules/ses-guard"));
        try {
            const info = await pack.session.getAnalyzerInfo();
            assert.equal(info.name, "ses-guard");
            assert.equal(info.version, version);
            assert.deepEqual(
                info.policies.map((p) => p.name),
                policies.map((p) => p.name),
                "the installed pack serves the policies this tree exports",
            );
            assert.ok(info.policies.some((p) => p.name === "ses-domain-identity-verified" && p.enforcementLevel === "mandatory"));
        } finally {
            await pack.close();
        }
    });
});
