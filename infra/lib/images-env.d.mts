// Types for the part of docker.mjs that other workspaces use (@winnow/infra/images-env).

/** infra/.local/images.env: the base images `npm run images` chose (official or local), KEY=value lines. */
export const imagesEnvFile: string;

/** KEY=value lines (no quoting) as an object; {} when the file is missing. */
export function readEnvFile(file: string): Record<string, string>;
