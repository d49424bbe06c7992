import { getDirectiveValues, GraphQLIncludeDirective, GraphQLSkipDirective, Kind } from 'graphql';
import type {
  FieldNode,
  FragmentDefinitionNode,
  GraphQLResolveInfo,
  SelectionNode,
  SelectionSetNode,
} from 'graphql';

type Fragments = Record<string, FragmentDefinitionNode>;
type Variables = GraphQLResolveInfo['variableValues'];

/**
 * Whether the operation asks, below the field being resolved, for the fields along `path`
 * (schema field names, under any alias, through inline fragments and fragment spreads, honouring
 * `@skip` and `@include`). A resolver uses it to load a relation ahead only when it will be read.
 * Type conditions are not checked: at worst a relation is loaded that the answer leaves out.
 */
export function selects(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  let fields: readonly FieldNode[] = info.fieldNodes;
  for (const name of path) {
    const below: FieldNode[] = [];
    for (const field of fields) {
      if (field.selectionSet) {
        collectFields(field.selectionSet, name, info.fragments, info.variableValues, below);
      }
    }
    if (below.length === 0) return false;
    fields = below;
  }
  return true;
}

function collectFields(
  selectionSet: SelectionSetNode,
  name: string,
  fragments: Fragments,
  variables: Variables,
  into: FieldNode[],
  spread: Set<string> = new Set(),
): void {
  for (const selection of selectionSet.selections) {
    if (!included(selection, variables)) continue;
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === name) into.push(selection);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collectFields(selection.selectionSet, name, fragments, variables, into, spread);
    } else {
      const fragmentName = selection.name.value;
      const fragment = fragments[fragmentName];
      // Validation refuses fragment cycles; `spread` keeps this walk finite regardless.
      if (!fragment || spread.has(fragmentName)) continue;
      spread.add(fragmentName);
      collectFields(fragment.selectionSet, name, fragments, variables, into, spread);
    }
  }
}

/** graphql-js's rule: `@skip(if: true)` or `@include(if: false)` leaves the selection out. */
function included(selection: SelectionNode, variables: Variables): boolean {
  if (!selection.directives?.length) return true;
  if (getDirectiveValues(GraphQLSkipDirective, selection, variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, selection, variables)?.if !== false;
}
