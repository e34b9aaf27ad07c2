export { decide, type Decision, type NextStep } from './decide.ts';
