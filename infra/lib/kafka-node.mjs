// A single-node Kafka 3.9.1 (KRaft) run from Maven Central jars, without Docker.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitForKafka } from '../topics.mjs';
import { kafkaClusterId } from './cluster-id.mjs';
import { isOurProcess, readPidFile, runCommand, say, tail } from './processes.mjs';

const KAFKA_VERSION = '3.9.1';
const pomFile = fileURLToPath(new URL('../kafka/pom.xml', import.meta.url));
const log4jFile = fileURLToPath(new URL('../kafka/log4j.properties', import.meta.url));
/** Jars live beside the default state dir whatever state dir a run uses: they never change. */
const libsDir = fileURLToPath(new URL('../.local/kafka-libs', import.meta.url));
/** Identifies our broker in /proc/<pid>/cmdline. */
const MAIN_CLASS = 'kafka.Kafka';

function jarsPresent() {
  if (!existsSync(libsDir)) return false;
  const jars = readdirSync(libsDir);
  return jars.includes(`kafka_2.13-${KAFKA_VERSION}.jar`) && jars.some((j) => j.startsWith('slf4j-reload4j-'));
}

/** Copies the broker's runtime jars from Maven Central into infra/.local/kafka-libs, once. */
export async function ensureJars() {
  if (jarsPresent()) return false;
  const mvn = spawnSync('mvn', ['-v'], { stdio: 'ignore' });
  if (mvn.error || mvn.status !== 0) {
    throw new Error('Maven (mvn) is needed to fetch the Kafka jars from Maven Central: apt-get install maven');
  }
  say(`fetching Kafka ${KAFKA_VERSION} jars with Maven into ${libsDir}`);
  // Copy into a temp folder and rename, so a half-finished download never looks complete.
  const tmp = `${libsDir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const status = await runCommand(
    'mvn',
    [
      '-B',
      '-q',
      '-f',
      pomFile,
      'org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies',
      '-DincludeScope=runtime',
      `-DoutputDirectory=${tmp}`,
    ],
    ['ignore', process.stderr, process.stderr],
  );
  if (status !== 0) throw new Error(`mvn copy-dependencies failed (exit ${status})`);
  rmSync(libsDir, { recursive: true, force: true });
  renameSync(tmp, libsDir);
  return true;
}

/**
 * @typedef {object} KafkaNode
 * @property {string} stateDir
 * @property {number} port
 * @property {number} controllerPort
 */

/** @param {KafkaNode} node */
export const kafkaBrokers = (node) => `127.0.0.1:${node.port}`;
/** @param {KafkaNode} node */
const kafkaPidFile = (node) => join(node.stateDir, 'kafka.pid');
/** @param {KafkaNode} node */
const kafkaLogFile = (node) => join(node.stateDir, 'kafka.log');

/** @param {KafkaNode} node */
function writeServerProperties(node) {
  const dataDir = join(node.stateDir, 'kafka-data');
  const file = join(node.stateDir, 'server.properties');
  const props = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@127.0.0.1:${node.controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${node.port},CONTROLLER://127.0.0.1:${node.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${node.port}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'log.dirs': dataDir,
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'transaction.state.log.num.partitions': 1,
    'group.initial.rebalance.delay.ms': 0,
    // Topics are created explicitly from infra/topics.json; kafkajs races with auto-creation under KRaft.
    'auto.create.topics.enable': false,
    'num.network.threads': 2,
    'num.io.threads': 2,
    'num.partitions': 1,
    // Large pages: topic-level max.message.bytes still applies per topic.
    'message.max.bytes': 33554432,
    'replica.fetch.max.bytes': 33554432,
  };
  writeFileSync(file, `${Object.entries(props).map(([k, v]) => `${k}=${v}`).join('\n')}\n`);
  return { file, dataDir };
}

/** A Kafka cluster id: 16 random bytes, base64url, not starting with '-' (Kafka rejects those). */
function javaArgs() {
  return [
    '-Xms256m',
    '-Xmx512m',
    // A development broker on a small machine: the serial collector and the C1 compiler alone cut
    // start-up CPU (measured 17-22 s against 20-29 s on a loaded 2-core box) at a throughput cost tests never feel.
    '-XX:+UseSerialGC',
    '-XX:TieredStopAtLevel=1',
    '-Djava.awt.headless=true',
    `-Dlog4j.configuration=file:${log4jFile}`,
    '-cp',
    `${libsDir}/*`,
  ];
}

/**
 * The pid of a broker this state dir started that is still running, else null.
 * @param {KafkaNode} node
 */
export function runningKafkaPid(node) {
  const pid = readPidFile(kafkaPidFile(node));
  return pid !== null && isOurProcess(pid, MAIN_CLASS) ? pid : null;
}

/**
 * Formats the KRaft storage on first use, then starts the broker detached and waits until it answers.
 * @param {KafkaNode} node
 * @param {(pid: number) => void} onSpawned called before the wait, so a caller can record the process even if it never gets ready
 * @returns {Promise<number>} the broker's pid
 */
export async function startKafka(node, onSpawned = () => {}) {
  mkdirSync(node.stateDir, { recursive: true });
  const { file, dataDir } = writeServerProperties(node);
  const logFile = kafkaLogFile(node);
  if (!existsSync(join(dataDir, 'meta.properties'))) {
    say(`formatting KRaft storage in ${dataDir}`);
    const logFd = openSync(logFile, 'a');
    const format = await runCommand(
      'java',
      [...javaArgs(), 'kafka.tools.StorageTool', 'format', `--cluster-id=${kafkaClusterId()}`, '-c', file, '--ignore-formatted'],
      ['ignore', logFd, logFd],
    ).finally(() => closeSync(logFd));
    if (format !== 0) throw new Error(`kafka storage format failed; see ${logFile}:\n${tail(logFile)}`);
  }
  say(`starting Kafka ${KAFKA_VERSION} on 127.0.0.1:${node.port} (log: ${logFile})`);
  const out = openSync(logFile, 'a');
  const child = spawn('java', [...javaArgs(), MAIN_CLASS, file], {
    detached: true,
    stdio: ['ignore', out, out],
  });
  let exited = false;
  const markExited = () => {
    exited = true;
  };
  child.on('exit', markExited);
  child.on('error', markExited);
  child.unref();
  if (child.pid === undefined) throw new Error('could not start java: is a JDK (17+) installed?');
  writeFileSync(kafkaPidFile(node), `${child.pid}\n`);
  onSpawned(child.pid);
  try {
    await waitForKafka({ brokers: kafkaBrokers(node), timeoutMs: 60_000, isAlive: () => !exited });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`${why}; last lines of ${logFile}:\n${tail(logFile)}`);
  }
  return child.pid;
}
