/** Rules that read what init containers run (commands and shell scripts): one module each. */
import { Rule } from '../rule';
import { busyboxNslookupShortName } from './busybox-nslookup-short-name';
import { hostnetworkDnsPolicy } from './hostnetwork-dns-policy';
import { initNeverExits } from './init-never-exits';
import { jobBlockingSidecar } from './job-blocking-sidecar';
import { waitLoopWithoutTimeout } from './wait-loop-without-timeout';

export const scriptRules: Rule[] = [initNeverExits, jobBlockingSidecar, waitLoopWithoutTimeout, busyboxNslookupShortName, hostnetworkDnsPolicy];
