"""EHC pages: the statutory assessment (assessments), the plan and its reviews (reviews), the LA's caseload."""
