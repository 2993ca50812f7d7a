/**
 * The dark bar on top: the product's name, the scenario picker, compare mode, the file and
 * share actions, and the learning aids (your own machine, lessons, help).
 */
import { CompareControls } from './compare/CompareControls';
import { ImportMachineButton } from './import/ImportMachineButton';
import { LessonsButton } from './lessons/LessonsButton';
import { ScenarioFiles } from './ScenarioFiles';
import { ScenarioDescription, ScenarioPicker } from './ScenarioPicker';
import { ShareLink } from './ShareLink';
import { SkipLinks } from './SkipLinks';
import { HelpMenu } from './teach/HelpMenu';

/** The page header. */
export function Header() {
  return (
    <header className="header">
      <SkipLinks />
      <h1>
        IOMMU Sandbox
        <small>Intel VT-d groups and domains, Linux 5.1 → 6.1</small>
      </h1>
      <ScenarioPicker />
      <div className="header-actions">
        <CompareControls />
        <ScenarioFiles />
        <ShareLink />
      </div>
      <ScenarioDescription />
      <div className="header-actions header-learn">
        <ImportMachineButton />
        <LessonsButton />
        <HelpMenu />
      </div>
    </header>
  );
}
