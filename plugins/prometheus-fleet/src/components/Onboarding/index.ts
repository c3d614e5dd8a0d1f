export { OnboardingProgress } from './OnboardingProgress';
