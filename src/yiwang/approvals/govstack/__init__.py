"""The GovStack Registration building block API (/govstack/registration/) over the same
services and selectors as the portal and the workbench: catalogue items and bundles are
services, their JSON Schemas are eForms, applications are application files, library
materials are documents and approval tasks are tasks."""
