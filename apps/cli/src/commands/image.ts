// `ebb image`: the local image store from the command line. `add` records a directory and its
// entrypoint as a `dev.local/…` (or `ko.local/…`) image, so that Knative YAML naming that image
// runs on the local cluster as a process; `list` and `remove` manage what is recorded.
import path from 'node:path';
import { Command, Option } from 'commander';
import { formatAge } from '@ebb/apimachinery';
import { expandImageName, ImageStore, normalizeImageRef, type ImageSpec, type LocalImage } from '@ebb/image-store';
import { CliError, type CliContext } from '../context.js';
import { formatCommand, formatTable } from '../output/table.js';
import { collectAssignment, dataDirOf, examples } from './shared.js';

interface AddOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly workingDir?: string;
}

interface ListOptions {
  readonly output?: 'json' | 'name';
  readonly headers: boolean;
}

/** `entrypoint: node server.mjs` (and `, cmd: …` when the image has default arguments), for messages. */
export function describeEntrypoint(image: Pick<LocalImage, 'entrypoint' | 'cmd'>): string {
  const cmd = image.cmd.length > 0 ? `, cmd: ${formatCommand(image.cmd)}` : '';
  return `entrypoint: ${formatCommand(image.entrypoint)}${cmd}`;
}

/** The `ebb image list` table rows. */
export function imageRows(images: readonly LocalImage[], now: Date): string[][] {
  return images.map((image) => [image.ref, image.dir, formatCommand([...image.entrypoint, ...image.cmd]), formatAge(image.addedAt, now)]);
}

function addSpec(command: readonly string[], options: AddOptions, ctx: CliContext): ImageSpec {
  return {
    ...(command.length > 0 ? { entrypoint: [...command] } : {}),
    ...(options.env === undefined ? {} : { env: { ...options.env } }),
    ...(options.workingDir === undefined ? {} : { workingDir: path.resolve(ctx.cwd, options.workingDir) }),
  };
}

async function add(ctx: CliContext, args: { name: string; dir: string; command: string[] }, options: AddOptions, self: Command): Promise<void> {
  const store = ImageStore.open(dataDirOf(self, ctx), { now: ctx.now });
  const ref = expandImageName(args.name);
  const existed = (await store.get(ref)) !== undefined;
  const image = await store.add(ref, path.resolve(ctx.cwd, args.dir), addSpec(args.command, options, ctx));
  ctx.stdout(`Image '${image.ref}' ${existed ? 'updated' : 'added'} (${describeEntrypoint(image)}).\n`);
}

async function list(ctx: CliContext, options: ListOptions, self: Command): Promise<void> {
  const images = await ImageStore.open(dataDirOf(self, ctx), { now: ctx.now }).list();
  if (options.output === 'json') return ctx.stdout(`${JSON.stringify(images, null, 2)}\n`);
  if (options.output === 'name') return ctx.stdout(images.map((image) => `${image.ref}\n`).join(''));
  if (images.length === 0) return ctx.stdout('No images found.\n');
  ctx.stdout(formatTable(options.headers ? ['IMAGE', 'DIRECTORY', 'ENTRYPOINT', 'ADDED'] : undefined, imageRows(images, ctx.now())));
}

async function remove(ctx: CliContext, names: readonly string[], self: Command): Promise<void> {
  const store = ImageStore.open(dataDirOf(self, ctx), { now: ctx.now });
  const missing: string[] = [];
  for (const name of names) {
    const ref = normalizeImageRef(expandImageName(name));
    if (await store.remove(ref)) ctx.stdout(`Image '${ref}' removed.\n`);
    else missing.push(ref);
  }
  if (missing.length > 0) throw new CliError(`${missing.length === 1 ? 'image' : 'images'} ${missing.map((r) => `'${r}'`).join(', ')} not found`);
}

function addCommand(ctx: CliContext): Command {
  return new Command('add')
    .description('Add a directory as a local image (or replace the image of that name)')
    .usage('<name> <dir> [options] [-- <command...>]')
    .argument('<name>', "the image: dev.local/NAME[:TAG] or ko.local/NAME[:TAG]; a bare NAME means dev.local/NAME (tag 'latest' by default)")
    .argument('<dir>', 'the directory the image runs from (its working directory unless --working-dir)')
    .argument('[command...]', 'the entrypoint, after --; else the "entrypoint" of <dir>/ebb-image.json')
    .option('-e, --env <NAME=value>', 'environment variable of the image (repeatable; adds to the manifest\'s env)', collectAssignment)
    .option('--working-dir <dir>', 'working directory of the image (default: <dir>)')
    .addHelpText(
      'after',
      examples([
        ["Add examples/hello as 'dev.local/hello:latest', with the entrypoint from its ebb-image.json", 'ebb image add hello examples/hello'],
        ['Add a directory with an explicit entrypoint', 'ebb image add dev.local/api:v2 ./api -- node --enable-source-maps dist/main.js'],
        ['Add an image with an environment variable', 'ebb image add ko.local/echo examples/echo -e DELAY_MS=100'],
      ]),
    )
    .action((...[name, dir, command, options, self]: [string, string, string[], AddOptions, Command]) => add(ctx, { name, dir, command }, options, self));
}

function listCommand(ctx: CliContext): Command {
  return new Command('list')
    .alias('ls')
    .description('List local images')
    .addOption(new Option('-o, --output <format>', 'print as json, or only the image names').choices(['json', 'name']))
    .option('--no-headers', 'print the table without its header row')
    .addHelpText(
      'after',
      examples([
        ['List the local images', 'ebb image list'],
        ['Only their names', 'ebb image list -o name'],
      ]),
    )
    .action((options: ListOptions, self: Command) => list(ctx, options, self));
}

function removeCommand(ctx: CliContext): Command {
  return new Command('remove')
    .aliases(['rm', 'delete'])
    .description('Remove local images (their directories are left alone)')
    .argument('<name...>', 'images to remove (a bare NAME means dev.local/NAME:latest)')
    .addHelpText('after', examples([['Remove dev.local/hello:latest', 'ebb image remove hello']]))
    .action((names: string[], _options: unknown, self: Command) => remove(ctx, names, self));
}

/** `ebb image …`. */
export function imageCommand(ctx: CliContext): Command {
  const image = new Command('image')
    .description('Manage local images: directories the local cluster runs as dev.local/… and ko.local/… images')
    .addHelpText(
      'after',
      '\nA pod whose image is dev.local/NAME or ko.local/NAME runs on the local cluster as a process\nstarted in the image directory, so Knative YAML with such an image runs unchanged.\n',
    );
  for (const sub of [addCommand(ctx), listCommand(ctx), removeCommand(ctx)]) image.addCommand(sub);
  return image;
}
