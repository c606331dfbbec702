/** Messages of the offline module (update prompt, logout, device wipe), merged under `vigie.offline`. */
export const offlineMessages = {
  fr: {
    updateAvailable: 'Nouvelle version disponible',
    update: 'Mettre à jour',
    signInNeeded: 'Session expirée : reconnectez-vous pour envoyer les saisies en attente.',
    signIn: 'Se reconnecter',
    logoutTitle: 'Saisies non envoyées',
    logoutUnsent:
      '%{smart_count} saisie n’a pas encore été envoyée. En vous déconnectant, elle sera effacée de cet appareil. |||| %{smart_count} saisies n’ont pas encore été envoyées. En vous déconnectant, elles seront effacées de cet appareil.',
    logoutAnyway: 'Effacer et se déconnecter',
    cancel: 'Annuler',
    wipe: 'Effacer les données de l’appareil',
    wipeTitle: 'Effacer les données de l’appareil ?',
    wipeText:
      'Tout ce que Vigie garde sur ce téléphone sera effacé : saisies non envoyées (de tous les utilisateurs), brouillons, liste des lieux. À faire sur un téléphone perdu, prêté ou partagé.',
    wipeConfirm: 'Tout effacer',
    wiped: 'Données de l’appareil effacées',
    keepTitle: 'Serveur injoignable',
    keepText:
      'La modification n’a pas pu être envoyée (pas de réseau ?). Vous pouvez la garder sur cet appareil : elle sera envoyée dès le retour du réseau.',
    keepOnDevice: 'Enregistrer sur l’appareil, envoyer plus tard',
    keepStay: 'Rester sur le formulaire',
    kept: 'Modification enregistrée sur l’appareil : elle sera envoyée au retour du réseau.',
    keepFailed: 'Impossible d’enregistrer sur cet appareil : %{reason}',
    editLabel: {
      observations: 'Modification — observation du %{when}',
      incidents: 'Modification — incident du %{when}',
    },
  },
  en: {
    updateAvailable: 'New version available',
    update: 'Update',
    signInNeeded: 'Session expired: sign in again to send the waiting entries.',
    signIn: 'Sign in again',
    logoutTitle: 'Unsent entries',
    logoutUnsent:
      '%{smart_count} entry has not been sent yet. Signing out erases it from this device. |||| %{smart_count} entries have not been sent yet. Signing out erases them from this device.',
    logoutAnyway: 'Erase and sign out',
    cancel: 'Cancel',
    wipe: 'Erase this device’s data',
    wipeTitle: 'Erase this device’s data?',
    wipeText:
      'Everything Vigie keeps on this phone will be erased: unsent entries (of every user), drafts, the list of sites. Do it on a lost, lent or shared phone.',
    wipeConfirm: 'Erase everything',
    wiped: 'Device data erased',
    keepTitle: 'Server unreachable',
    keepText:
      'The change could not be sent (no network?). You can keep it on this device: it will be sent as soon as the network is back.',
    keepOnDevice: 'Save on the device, send later',
    keepStay: 'Stay on the form',
    kept: 'Change saved on the device: it will be sent when the network is back.',
    keepFailed: 'Could not save on this device: %{reason}',
    editLabel: {
      observations: 'Edit — observation of %{when}',
      incidents: 'Edit — incident of %{when}',
    },
  },
} as const;
