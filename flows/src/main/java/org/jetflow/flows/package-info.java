/**
 * The multimodal transformer flow: flow matching for particle kinematics and a telegraph Markov jump
 * bridge for particle classes (arXiv:2509.01736), on DJL's PyTorch engine.
 */
package org.jetflow.flows;
