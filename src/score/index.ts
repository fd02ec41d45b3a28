export { aggregate, noisyOr, CONTEXT_CAP, MAX_INSTANCES_PER_RULE } from "./aggregate.js";
export { findCorrelations } from "./correlations.js";
export { crossUserCorrelations, findCrossUserPatterns, type CrossUserCorrelation, type PatternSubject } from "./cross-user.js";
export { countByLevel, higherLevel, levelAtLeast, levelForScore, minScoreFor, LEVEL_RANK } from "./levels.js";
export { scoreUser, HIGH_CONFIDENCE, type ScoreContext, type UserScore } from "./score-user.js";
